# company/: employers, their companies (SIRET) and their collaborators
libaltc_a_SOURCES += \
	company/siret.c company/siret.h \
	company/company.c company/company.h \
	company/company_mail.c company/company_mail.h \
	company/company_form.c company/company_table.c company/company_text.c \
	company/company_demo.c company/cli_company.c \
	company/sirene.c company/sirene.h company/sirene_load.c company/sirene_format.c \
	company/company_sirene.c company/company_setting.c
