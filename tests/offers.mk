# tests of offers and employer accounts: one cmocka program per module and
# the end-to-end scenarios through the spool
OFFERS_UNIT = tests/unit/test_siret tests/unit/test_offer_form tests/unit/test_offer \
	tests/unit/test_offer_search tests/unit/test_offer_mail tests/unit/test_company \
	tests/unit/test_user_text tests/unit/test_sirene tests/unit/test_offer_faults
check_PROGRAMS += $(OFFERS_UNIT)
TESTS += $(OFFERS_UNIT)
tests_unit_test_siret_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_siret_LDADD = $(TEST_LDADD)
tests_unit_test_offer_form_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_offer_form_LDADD = $(TEST_LDADD)
tests_unit_test_offer_SOURCES = tests/unit/test_offer.c tests/unit/test_offer_util.h
tests_unit_test_offer_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_offer_LDADD = $(TEST_LDADD)
tests_unit_test_offer_search_SOURCES = tests/unit/test_offer_search.c tests/unit/test_offer_util.h
tests_unit_test_offer_search_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_offer_search_LDADD = $(TEST_LDADD)
tests_unit_test_offer_faults_SOURCES = tests/unit/test_offer_faults.c tests/unit/test_fault.h \
	tests/unit/test_offer_util.h
tests_unit_test_offer_faults_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_offer_faults_LDADD = $(TEST_LDADD)
tests_unit_test_offer_mail_SOURCES = tests/unit/test_offer_mail.c tests/unit/test_offer_util.h
tests_unit_test_offer_mail_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_offer_mail_LDADD = $(TEST_LDADD)
tests_unit_test_company_SOURCES = tests/unit/test_company.c tests/unit/test_offer_util.h \
	tests/unit/test_fault.h
tests_unit_test_company_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_company_LDADD = $(TEST_LDADD)
tests_unit_test_sirene_SOURCES = tests/unit/test_sirene.c tests/unit/test_offer_util.h
tests_unit_test_sirene_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_sirene_LDADD = $(TEST_LDADD)
tests_unit_test_user_text_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_user_text_LDADD = $(TEST_LDADD)

OFFERS_E2E = tests/e2e/offers_submit.sh tests/e2e/offers_review.sh tests/e2e/offers_life.sh \
	tests/e2e/offers_search.sh tests/e2e/offers_company.sh tests/e2e/company_register.sh
TESTS += $(OFFERS_E2E)
# structures (OPCO, CCI...) and their partner companies, spontaneous applications
check_PROGRAMS += tests/unit/test_structure
TESTS += tests/unit/test_structure tests/e2e/structures.sh
tests_unit_test_structure_SOURCES = tests/unit/test_structure.c tests/unit/test_offer_util.h \
	tests/unit/test_fault.h
tests_unit_test_structure_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_structure_LDADD = $(TEST_LDADD)
EXTRA_DIST += tests/e2e/structures.sh
EXTRA_DIST += $(OFFERS_E2E) tests/e2e/offers_lib.sh \
	tests/fixtures/offers/submit_form_pdf.eml tests/fixtures/offers/submit_missing.eml \
	tests/fixtures/offers/submit_unknown.eml tests/fixtures/offers/reply_valider_thunderbird.eml \
	tests/fixtures/offers/reply_rejeter_outlook.eml tests/fixtures/offers/reply_iphone_lowercase.eml \
	tests/fixtures/offers/reply_plain.eml tests/fixtures/offers/chercher.eml \
	tests/fixtures/offers/inscription.eml tests/fixtures/offers/offers.csv \
	bench/register/run.sh bench/register/gen.py \
	bench/search/run.sh bench/search/gen.py bench/search/bench_search.c bench/search/README.md \
	templates/fr/offer.search.txt templates/fr/offer.search.html \
	templates/en/offer.search.txt templates/en/offer.search.html
