# tests of the mailout area
