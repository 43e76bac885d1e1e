# tests of the formations' statistics: `altc stats`, `altc formation set`
# and the weekly mail with its inline chart, through the real binary
STATS_E2E = tests/e2e/stats_weekly.sh
TESTS += $(STATS_E2E)
EXTRA_DIST += $(STATS_E2E)
