# tests/: cmocka unit tests (one program per module) and end-to-end scenarios
# (shell scripts speaking TAP that drive the altc binary through the spool).
# Each area lists its tests in its own fragment.
EXTRA_DIST += tests/e2e/lib.sh
include tests/engine.mk
include tests/mailout.mk
include tests/mailin.mk
include tests/import.mk
include tests/offers.mk
include tests/stats.mk
include tests/missions.mk
include tests/newuser.mk
include tests/recommend.mk

# the folders' dependencies point one way
TESTS += tests/layout/layers.sh
EXTRA_DIST += tests/layout/layers.sh tests/layout/check_layers.py
include tests/fuzz.mk
include tests/ops.mk
# run by hand: the mutation test (tests/mutate.sh), its list of mutants, the
# generator of fresh samples and the last sample scored
EXTRA_DIST += tests/mutate.sh tests/mutants.txt tests/mutants_sample.py \
	tests/mutants-fresh.txt
