# end-to-end scenarios of what a new user meets first: link actions, mail
# delegated to a ga, notification settings, reply keys, import identity,
# local time in mails, offer expiry
NEWUSER_E2E = tests/e2e/links_action.sh tests/e2e/review_delegation.sh \
	tests/e2e/notify_settings.sh tests/e2e/reply_keys.sh \
	tests/e2e/import_identity.sh tests/e2e/mail_timezone.sh \
	tests/e2e/offers_expiry.sh tests/e2e/company_handover.sh \
	tests/e2e/student_add.sh tests/e2e/recommend_student.sh tests/e2e/offer_display.sh
TESTS += $(NEWUSER_E2E)
EXTRA_DIST += $(NEWUSER_E2E)
