# tests/: cmocka unit tests (one program per module) and end-to-end scenarios
