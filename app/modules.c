/*
 * modules.c - the table of the program's modules.  Adding a workflow is
 * adding its folder and one line here; the core and the mail library only
 * ever iterate over this list.
 */
#include "compat.h"

#include "admission_mail.h"
#include "application_fsm.h"
#include "company.h"
#include "formation.h"
#include "import.h"
#include "interview_mail.h"
#include "mailers.h"
#include "mission_mail.h"
#include "module.h"
#include "modules.h"
#include "offer.h"
#include "recommend.h"
#include "structure.h"
#include "sponsor.h"
#include "student.h"

const struct module *const altc_modules[] = {
	&core_module,		/* init, serve, deliver, check, config, sweep */
	&ops_module,		/* backup, restore, status, personal data */
	&mailin_module,		/* the spool's mail handler, inspect, IMAP */
	&mailout_module,	/* outbox, digests, notification center */
	&formation_module,
	/*
	 * before company: a structure's user sends a partner's company form to
	 * inscription@ without a verb; everyone else's form is the company's
	 */
	&structure_module,	/* structures, their users and partner companies */
	&company_module,
	&student_module,
	&offer_module,
	&application_module,	/* closes applications when their offer is filled */
	&interview_module,	/* interviews: slots, booking, invitations */
	&mission_module,	/* mission sheets, the CFA export */
	&admission_module,	/* applications to the formations: formations@, candidates, dossiers */
	&recommend_module,	/* nightly recommendations, digest sections, favourites */
	&sponsor_module,	/* sponsorship, the chargé de mission */
	&batch_module,		/* imports */
	NULL
};

void
altc_modules_init(void)
{
	modules_init(altc_modules);
}
