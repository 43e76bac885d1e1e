# tests of operations: configuration, MTA integration, backups, personal data
OPS_E2E = tests/e2e/ops_defects.sh
TESTS += $(OPS_E2E)
EXTRA_DIST += $(OPS_E2E)
