# tests of the import area
