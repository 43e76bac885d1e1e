/*
 * offer.h - apprenticeship offers (DESIGN §7 Offer): creation from a form
 * (mail, CSV line or CLI), validation per formation by its rp or a ga with
 * delegation, publication, the employer's life cycle (fill, withdraw,
 * archive, duplicate, extend, edit), the nightly expiry sweep and the
 * full-text search students run by mail.
 *
 * Every function runs inside the caller's transaction; a function that
 * fails changes nothing (each opens its own savepoint).  States move only
 * through fsm_apply (fsm_offer, fsm_offer_formation); the notifications of
 * each transition are queued here with notify_queue.
 *
 * Errors: -1 (ACT_EDB) and the other negative act_status codes, each
 * with an English *errstr_r for the log; the mail layer turns the code into
 * a sentence in the sender's language.
 */
#ifndef ALTC_OFFER_H
#define ALTC_OFFER_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "token.h"

struct altc;
struct table;

/* the form of an offer: every field a string as typed, NULL when absent */
struct offer_fields {
	char *title, *duration, *positions, *description, *missions, *location;
	char *contract_type, *skills, *sector, *mobility, *languages, *seniority;
	char *formations, *expires, *handicap, *one_click, *siret;
	/* a structure's offer: the partner company, "Partage : structure", its contact */
	char *partner, *share, *contact;
};

void offer_fields_init(struct offer_fields *f);
void offer_fields_release(struct offer_fields *f);

/*
 * offer_fields_set - store value under the field of a normalised form key
 * ("intitule", "title", "type_de_contrat"...: see offer_form.c for every
 * label and alias).  Returns 1 when the key is an offer field, 0 if not.
 */
int offer_fields_set(struct offer_fields *f, const char *key, const char *value);
/* offer_form_key - a label normalised as the mail pipeline does ("Durée" -> "duree"); caller frees */
char *offer_form_key(const char *label);
/* offer_fields_parse - read "Label : value" lines (form files); returns the fields set */
size_t offer_fields_parse(struct offer_fields *f, const char *text);
/*
 * offer_fields_missing - the labels of the required fields that are
 * missing, comma separated in the locale ("Intitulé, Durée"), or NULL when
 * the form is complete.  A PDF stands for the description.
 */
char *offer_fields_missing(const struct offer_fields *f, int has_pdf, const char *locale);
/* offer_form_blank - the form to fill in, one "Label : " line per field */
const char *offer_form_blank(const char *locale);
/* offer_form_filled - the same form with the values of f already given; caller frees */
char *offer_form_filled(const struct offer_fields *f, const char *locale);
/* offer_fields_count - how many fields are set */
size_t offer_fields_count(const struct offer_fields *f);

/*
 * offer_csv_parse - several offers in a CSV file (';' or ',' separated,
 * UTF-8 with or without BOM): a header row of form labels, one offer per
 * line.  *rows_r is an array of *n_r fields (each to release, then free the
 * array).  -1 with errstr when the file has no usable header.
 */
int offer_csv_parse(const unsigned char *data, size_t len, struct offer_fields **rows_r,
    size_t *n_r, char **errstr_r);

/*
 * offer_create - a pending offer of company_id with its formations (codes
 * in f->formations, none = the ga pool), criteria and optional description
 * PDF; queues offer.received to the author and offer.to_validate (with a
 * reply key) to each reviewer.  *id_r gets the new offer id.
 */
int offer_create(struct altc *ctx, const struct offer_fields *f, int64_t company_id,
    int64_t author_id, int64_t doc_id, int64_t *id_r, char **errstr_r);

/*
 * offer_origin - an offer posted by a structure's user: the structure,
 * whether every user of the structure shares it (its mails, its
 * applications), and the partner's contact who also receives them (NULL)
 */
struct offer_origin {
	int64_t structure_id;
	int shared;
	const char *contact;
};
/* offer_create_from - offer_create for a structure's user (origin may be NULL) */
int offer_create_from(struct altc *ctx, const struct offer_fields *f, int64_t company_id,
    int64_t author_id, int64_t doc_id, const struct offer_origin *origin, int64_t *id_r,
    char **errstr_r);

/*
 * offer_share - PARTAGER: an offer posted by a structure's user becomes
 * the whole structure's: every active user of it receives the offer's
 * mails and its applications (offer.shared tells the others now, with
 * their key).  actor_id must manage the offer (0: staff).
 */
int offer_share(struct altc *ctx, int64_t offer_id, int64_t actor_id, char **errstr_r);

/*
 * offer_edit - apply the fields that are set, and send the offer back to
 * validation (fsm "edit": from rejected, published, archived or pending):
 * every formation link is reset and its reviewer asked again.
 */
int offer_edit(struct altc *ctx, int64_t offer_id, const struct offer_fields *f, int64_t doc_id,
    int64_t actor_id, char **errstr_r);

enum offer_decision { OFFER_VALIDATE, OFFER_REJECT, OFFER_TRANSFER, OFFER_RECOMMEND };

/*
 * offer_review - a decision on one offer x formation link (of_id is its
 * rowid) by actor_id: VALIDER "[note] [commentaire]", REJETER "motif",
 * TRANSFERER "address", RECOMMANDER "addresses or INEs".  A rejection or a
 * transfer revokes the link's reply keys; a validation keeps them, so the
 * reviewer can still RECOMMANDER (a second VALIDER is ACT_ESTATE).
 */
int offer_review(struct altc *ctx, int64_t of_id, int64_t actor_id, enum offer_decision d,
    const char *args, char **errstr_r);
/* offer_review_pool - the same for an offer that targets no formation (ga pool, admin) */
int offer_review_pool(struct altc *ctx, int64_t offer_id, int64_t actor_id,
    enum offer_decision d, const char *args, char **errstr_r);
/*
 * offer_may_review - 1 when user_id may decide on the link: admin, the
 * formation's rp, the user it was transferred to, or a ga with a delegation
 * of the formation's rp (for that formation or all); 0 if not, -1 on error.
 */
/*
 * offer_recommend_student - a staff member recommends offers to one student:
 * args is "ADDRESS-OR-INE n n..." (RECOMMANDER at offres@).  Each published
 * offer becomes a manual recommendation and is mailed to the student at
 * once.  An ACT_ status; nothing recorded on a refusal.
 */
int offer_recommend_student(struct altc *ctx, int64_t actor_id, const char *args,
    char **errstr_r);

int offer_may_review(struct altc *ctx, int64_t of_id, int64_t user_id, char **errstr_r);

enum offer_life { OFFER_FILL, OFFER_WITHDRAW, OFFER_ARCHIVE, OFFER_DUPLICATE, OFFER_EXTEND };

/*
 * offer_lifecycle - the employer's (or staff's) commands on an offer.
 * actor_id 0 is staff acting from the CLI (no ownership check).  Filling
 * closes the open applications politely.  DUPLICATE puts the id of the copy
 * in *new_id_r (may be NULL); EXTEND adds offers.duration_days from the
 * later of now and the current expiry.
 */
int offer_lifecycle(struct altc *ctx, int64_t offer_id, int64_t actor_id, enum offer_life op,
    int64_t *new_id_r, char **errstr_r);

/* offer_owner_of - 1 when user_id may manage the offer (its company), 0 if not, -1 error */
int offer_owner_of(struct altc *ctx, int64_t offer_id, int64_t user_id, char **errstr_r);

/*
 * offer_sweep - the nightly pass: offer.expiring 7 days before the expiry,
 * archive expired offers and every offer older than 6 months.  *did_r
 * counts the offers warned or archived.
 */
int offer_sweep(struct altc *ctx, int64_t now, size_t *did_r, char **errstr_r);



struct offer_hit {
	int64_t id;
	char *title, *company, *location, *state;
};

struct offer_hits {
	struct offer_hit *v;
	size_t n;
};

void offer_hits_release(struct offer_hits *h);

/*
 * offer_search - offers of the student's formations (and those targeting
 * none) that match the keywords and, when given, the place: published ones
 * in *published_r, pending ones in *others_r, best first (offer_rank over
 * the most recent matches, see offer_search.c), at most limit each.  Only a
 * student may search (ACT_EDENIED).  No usable keyword is ACT_EINPUT.
 */
int offer_search(struct altc *ctx, int64_t student_id, const char *keywords, const char *place,
    size_t limit, struct offer_hits *published_r, struct offer_hits *others_r, char **errstr_r);
/* offer_search_split - "mots-clés à lieu" into keywords and place (caller frees; place may be NULL) */
void offer_search_split(const char *args, char **keywords_r, char **place_r);

/* offer_list_table - a table of offers, filters may be NULL */
struct table *offer_list_table(struct altc *ctx, const char *status, const char *formation,
    const char *siret, char **errstr_r);
/* offer_show_table - one offer with its formations; NULL with errstr when unknown */
struct table *offer_show_table(struct altc *ctx, int64_t offer_id, char **errstr_r);

/* the offer workflow (offer_fsm.c): the offer, and its validation per formation (id = rowid) */
struct fsm;
extern const struct fsm fsm_offer;
extern const struct fsm fsm_offer_formation;
/* offer_module - the offers' commands, mail actions, jobs and texts */
struct module;
extern const struct module offer_module;

/*
 * offer_student_key - the reply key of a mail that invites a student to
 * answer (the welcome, a new offer, search results): purpose
 * "offer_student" on object_type/object_id, CHERCHER, POSTULER and
 * CANDIDATURE SPONTANEE (the application module's) besides
 * the settings every key takes.  0, or -1 with errstr.
 */
#define OFFER_STUDENT_PURPOSE "offer_student"
#define OFFER_STUDENT_COMMANDS "POSTULER,CHERCHER,CANDIDATURE SPONTANEE"
int offer_student_key(struct altc *ctx, const char *object_type, int64_t object_id,
    int64_t student_id, char tok[TOKEN_BUFSZ], char **errstr_r);

#endif
