# data installed under $(pkgdatadir): the formations of the demo instance
# and the example inputs the demo drops into its spool
demodir = $(pkgdatadir)/data
dist_demo_DATA = data/formations.csv
demoimportdir = $(pkgdatadir)/data/demo/import
dist_demoimport_DATA = data/demo/import/admissibles-demo.csv
demomaildir = $(pkgdatadir)/data/demo/mail
dist_demomail_DATA = \
	data/demo/mail/01-aide.eml \
	data/demo/mail/02-absence.eml \
	data/demo/mail/03-bounce.eml \
	data/demo/mail/04-inconnu.eml \
	data/demo/mail/05-offre.eml
# what the recommendations compare people's words and places with
recommenddir = $(pkgdatadir)/data/recommend
dist_recommend_DATA = data/recommend/synonymes.txt data/recommend/departements.txt \
	data/recommend/communes.txt
