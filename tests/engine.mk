# tests of the engine area
