# mail and page templates, installed under $(pkgdatadir)/templates
