# templates and demo data installed under $(pkgdatadir)
