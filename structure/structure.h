/*
 * structure.h - structures (intermediaries): an OPCO, a CCI or a CMA, a
 * mission locale, a recruitment agency.  A structure is an organisation on
 * the employers' side whose users post offers for partner companies.  Its
 * users are employer accounts (a user belongs to one structure at most);
 * staff add them (altc structure member add).  A user adds a partner
 * company by mail (PARTENAIRE with the company's SIRET, name and address),
 * checked like a registration (the SIRET's key, the SIRENE register when
 * one is loaded); an admin validates it (VALIDER) or refuses it (REFUSER
 * motif) by reply, and the user is told.  Only a validated partner is
 * named on an offer (an "Entreprise :" line); the offer's applications go
 * to its author, or to every user of the structure once it is shared.
 *
 * The partner's workflow is the state table fsm_partner (pending ->
 * validated | refused, refused -> pending when asked again); each move is
 * audited with its mail in the caller's transaction.  Functions return an
 * act_status (status.h) with an English *errstr_r (French in
 * structure_text.c) and change nothing when they fail.
 */
#ifndef ALTC_STRUCTURE_H
#define ALTC_STRUCTURE_H

#include <stdint.h>

struct altc;
struct company_fields;
struct id_list;
struct table;

/* the kinds of structure: opco, cci, cma, mission_locale, agence, autre */
extern const char *const structure_kinds[];
/* structure_kind - the stored kind of a word as people type it ("Mission locale"), or NULL */
const char *structure_kind(const char *word);

/* structure_add - a new structure; ACT_EINPUT for an unknown kind or a name already taken */
int structure_add(struct altc *ctx, const char *name, const char *kind, int64_t *id_r,
    char **errstr_r);
/* structure_find - a structure by its name (any case) or its number: ACT_OK, ACT_ENOTFOUND */
int structure_find(struct altc *ctx, const char *name, int64_t *id_r, char **errstr_r);

/*
 * structure_member_add - email becomes a user of the structure: an active
 * employer account is created for an unknown address, with the names given
 * (may be NULL); a known address
 * must be an active employer's, in no other structure), who is welcomed
 * by mail (structure.welcome, with a reply key for PARTENAIRE).
 */
int structure_member_add(struct altc *ctx, int64_t structure_id, const char *email,
    const char *first_name, const char *last_name, char **errstr_r);

/* structure_of_user - the structure of an active employer, 0 when none */
int64_t structure_of_user(struct altc *ctx, int64_t user_id);
/* structure_is_member - whether user_id is an active user of structure_id */
int structure_is_member(struct altc *ctx, int64_t structure_id, int64_t user_id);
/* structure_members - the active users of a structure, by id; -1 with errstr */
int structure_members(struct altc *ctx, int64_t structure_id, struct id_list *l,
    char **errstr_r);
/*
 * structure_manages_company - whether user_id is a user of a structure
 * that has company_id as a validated partner
 */
int structure_manages_company(struct altc *ctx, int64_t user_id, int64_t company_id);
/*
 * structure_contact_of - who answers for a validated partner company on
 * its structure's side: the user who added it while they are active in
 * the structure, else its first active user; 0 when the company is no
 * validated partner.  The earliest validated partnership wins.
 */
int64_t structure_contact_of(struct altc *ctx, int64_t company_id);

/*
 * structure_partner_request - user_id (a structure's user) asks for the
 * company of f (SIRET, name, address, postal code and city) as a partner,
 * contact (may be NULL) the address of a person of the company who may
 * receive the applications.  The SIRET is checked (key, then the SIRENE
 * register: the register's name and address are kept); the request is
 * pending, acknowledged to the user (structure.partner_received) and sent
 * to every active admin with a reply key (structure.partner_review).  A
 * partner already validated or awaiting validation is ACT_ESTATE; a
 * refused one is asked again.
 */
int structure_partner_request(struct altc *ctx, int64_t user_id, const struct company_fields *f,
    const char *contact, int64_t *id_r, char **errstr_r);

/*
 * structure_partner_decide - an admin (actor_id; 0: staff at the command
 * line) validates the partner (its company is created, without an
 * account, when the platform does not know the SIRET) or refuses it with a
 * reason (required); the user who asked is told (structure.partner_decided).
 */
int structure_partner_decide(struct altc *ctx, int64_t partner_id, int64_t actor_id,
    int validate, const char *reason, char **errstr_r);

/*
 * structure_partner_resolve - the partner of structure_id an offer names
 * ("Entreprise : SIRET or name", any case and accents): ACT_OK with the
 * partner's id and its company when validated; ACT_ESTATE when it awaits
 * validation or was refused, ACT_EINPUT when the structure has no such
 * partner (or several of that name); each with a sentence in errstr.
 */
int structure_partner_resolve(struct altc *ctx, int64_t structure_id, const char *text,
    int64_t *partner_r, int64_t *company_r, char **errstr_r);

/*
 * structure_partner_contact - the contact an offer of a partner may name:
 * NULL (wanted empty) gives the partner's own contact (*contact_r NULL
 * when it has none); an address must be the partner's contact or an
 * active employer of its company (ACT_EINPUT otherwise).  Caller frees.
 */
int structure_partner_contact(struct altc *ctx, int64_t partner_id, const char *wanted,
    char **contact_r, char **errstr_r);

/* structure_list_table - every structure: name, kind, users, partners by state */
struct table *structure_list_table(struct altc *ctx, char **errstr_r);
/* structure_partners_table - a structure's partners; NULL with errstr when unknown */
struct table *structure_partners_table(struct altc *ctx, const char *structure,
    char **errstr_r);

/* the partner's state table (structure_fsm.c) and the module (cli_structure.c) */
struct fsm;
extern const struct fsm fsm_partner;
struct module;
extern const struct module structure_module;

#endif
