# tests of the recommendations: the cmocka program of the module and the
# end-to-end scenario through the spool
check_PROGRAMS += tests/unit/test_recommend
TESTS += tests/unit/test_recommend tests/e2e/recommend.sh tests/e2e/cvtheque.sh
tests_unit_test_recommend_SOURCES = tests/unit/test_recommend.c tests/unit/test_offer_util.h
tests_unit_test_recommend_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_recommend_LDADD = $(TEST_LDADD)
EXTRA_DIST += tests/e2e/recommend.sh tests/e2e/cvtheque.sh
EXTRA_DIST += bench/recommend/run.sh bench/recommend/gen.py bench/recommend/floor.sql \
	bench/recommend/README.md
