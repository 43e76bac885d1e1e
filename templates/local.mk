# mail and page templates, installed under $(pkgdatadir)/templates
# (NAME.txt starts with "Subject: ..."; layout.* frame every message;
# templates/VARIABLES.md documents each template's variables)
mailtemplates_frdir = $(pkgdatadir)/templates/fr
mailtemplates_endir = $(pkgdatadir)/templates/en
dist_mailtemplates_fr_DATA = $(wildcard $(srcdir)/templates/fr/*.txt $(srcdir)/templates/fr/*.html)
dist_mailtemplates_en_DATA = $(wildcard $(srcdir)/templates/en/*.txt $(srcdir)/templates/en/*.html)
EXTRA_DIST += templates/VARIABLES.md
