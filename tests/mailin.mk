# tests of the mailin area
