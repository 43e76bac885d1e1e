/*
 * db_schema.c - the schema and its migrations, in order.  Version N of the
 * schema is migrations[0..N-1] applied in turn, each in one transaction that
 * also sets PRAGMA user_version; a database newer than this build is refused.
 *
 * CHECK constraints spell their allowed values with OR: an IN list makes
 * SQLite build a temporary index on every INSERT and UPDATE of the row.
 */
#include "compat.h"

#include "db_schema.h"

static const char schema_v1[] =
"CREATE TABLE users ("
"  id INTEGER PRIMARY KEY,"
"  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
"  role TEXT NOT NULL CHECK (role = 'student' OR role = 'employer' OR role = 'rp'"
"    OR role = 'ga' OR role = 'admin'),"
"  state TEXT NOT NULL,"
"  last_name TEXT NOT NULL DEFAULT '',"
"  first_name TEXT NOT NULL DEFAULT '',"
"  locale TEXT NOT NULL DEFAULT 'fr',"
"  phone_mobile TEXT, phone_fixed TEXT,"
"  ine TEXT, birth_date TEXT,"
"  address1 TEXT, address2 TEXT, postal_code TEXT, city TEXT, country TEXT,"
"  last_school TEXT, parcours TEXT, family_contact TEXT,"
"  autonomous INTEGER NOT NULL DEFAULT 1,"
"  one_click_consent INTEGER NOT NULL DEFAULT 0,"
"  referent_id INTEGER REFERENCES users(id),"
"  company_id INTEGER REFERENCES companies(id),"
"  company_referent INTEGER NOT NULL DEFAULT 0,"
"  notify_optional INTEGER NOT NULL DEFAULT 1,"
"  notify_email INTEGER NOT NULL DEFAULT 1,"
"  unreachable INTEGER NOT NULL DEFAULT 0,"
"  bounce_score REAL NOT NULL DEFAULT 0,"
"  bounce_at INTEGER,"
"  digest_at INTEGER,"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL"
");"
"CREATE INDEX users_ine ON users(ine) WHERE ine IS NOT NULL;"
"CREATE INDEX users_role ON users(role);"

"CREATE TABLE formations ("
"  id INTEGER PRIMARY KEY,"
"  code TEXT NOT NULL UNIQUE COLLATE NOCASE,"
"  label TEXT NOT NULL,"
"  ufr TEXT NOT NULL DEFAULT '',"
"  department TEXT NOT NULL DEFAULT '',"
"  capacity INTEGER NOT NULL DEFAULT 0,"
"  rncp_code TEXT, diploma_code TEXT, promotion TEXT, school_year TEXT, cfa_email TEXT,"
"  rp_id INTEGER REFERENCES users(id)"
");"

"CREATE TABLE delegations ("
"  rp_id INTEGER NOT NULL REFERENCES users(id),"
"  ga_id INTEGER NOT NULL REFERENCES users(id),"
"  formation_id INTEGER REFERENCES formations(id),"
"  UNIQUE (rp_id, ga_id, formation_id)"
");"

"CREATE TABLE student_formations ("
"  student_id INTEGER NOT NULL REFERENCES users(id),"
"  formation_id INTEGER NOT NULL REFERENCES formations(id),"
"  import_id INTEGER REFERENCES imports(id),"
"  avis TEXT, avis_date TEXT,"
"  created_at INTEGER NOT NULL,"
"  PRIMARY KEY (student_id, formation_id)"
");"
"CREATE INDEX student_formations_f ON student_formations(formation_id);"

"CREATE TABLE companies ("
"  id INTEGER PRIMARY KEY,"
"  siret TEXT NOT NULL UNIQUE,"
"  name TEXT NOT NULL,"
"  sector TEXT, headcount TEXT,"
"  address TEXT, postal_code TEXT, city TEXT, country TEXT,"
"  one_click INTEGER NOT NULL DEFAULT 0,"
"  referent_id INTEGER REFERENCES users(id),"
"  state TEXT NOT NULL DEFAULT 'active',"
"  created_at INTEGER NOT NULL"
");"

"CREATE TABLE offers ("
"  id INTEGER PRIMARY KEY,"
"  company_id INTEGER NOT NULL REFERENCES companies(id),"
"  author_id INTEGER REFERENCES users(id),"
"  state TEXT NOT NULL DEFAULT 'pending',"
"  title TEXT NOT NULL,"
"  duration TEXT, positions INTEGER NOT NULL DEFAULT 1,"
"  description TEXT, description_doc_id INTEGER REFERENCES documents(id),"
"  missions TEXT, location TEXT, contract_type TEXT,"
"  keywords TEXT,"
"  audience TEXT NOT NULL DEFAULT 'spending tnone',"
"  handicap INTEGER NOT NULL DEFAULT 0,"
"  one_click INTEGER NOT NULL DEFAULT 0,"
"  duplicated_from INTEGER REFERENCES offers(id),"
"  expires_at INTEGER NOT NULL,"
"  warned_at INTEGER,"
"  published_at INTEGER, archived_at INTEGER,"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL"
");"
"CREATE INDEX offers_state ON offers(state);"
"CREATE INDEX offers_company ON offers(company_id);"

"CREATE TABLE offer_formations ("
"  offer_id INTEGER NOT NULL REFERENCES offers(id),"
"  formation_id INTEGER NOT NULL REFERENCES formations(id),"
"  state TEXT NOT NULL DEFAULT 'pending',"
"  assigned_to INTEGER REFERENCES users(id),"
"  decided_by INTEGER REFERENCES users(id),"
"  rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),"
"  comment TEXT,"
"  decided_at INTEGER,"
"  PRIMARY KEY (offer_id, formation_id)"
");"
"CREATE INDEX offer_formations_f ON offer_formations(formation_id, state);"
/*
 * full-text search over the offers (CHERCHER): external content, kept by
 * triggers.  offers.audience holds who may see the offer as search terms
 * ("s" + state, "t" + each targeted formation id, "v" + each validated one,
 * "tnone" without target), recomputed by triggers when a state or a link
 * changes, so the search filters inside the index.  No statement may change
 * offers.state together with an indexed column (the two triggers would
 * both reindex the row).
 */
"CREATE VIRTUAL TABLE offers_fts USING fts5(title, description, missions, location, keywords,"
"  audience, content='offers', content_rowid='id', tokenize='unicode61 remove_diacritics 2',"
"  prefix='6');"
"CREATE TRIGGER offers_fts_ai AFTER INSERT ON offers BEGIN"
"  INSERT INTO offers_fts (rowid, title, description, missions, location, keywords, audience)"
"  VALUES (new.id, new.title, new.description, new.missions, new.location, new.keywords,"
"  new.audience);"
"END;"
"CREATE TRIGGER offers_fts_ad AFTER DELETE ON offers BEGIN"
"  INSERT INTO offers_fts (offers_fts, rowid, title, description, missions, location, keywords,"
"  audience) VALUES ('delete', old.id, old.title, old.description, old.missions, old.location,"
"  old.keywords, old.audience);"
"END;"
"CREATE TRIGGER offers_fts_au AFTER UPDATE OF title, description, missions, location, keywords,"
"  audience ON offers BEGIN"
"  INSERT INTO offers_fts (offers_fts, rowid, title, description, missions, location, keywords,"
"  audience) VALUES ('delete', old.id, old.title, old.description, old.missions, old.location,"
"  old.keywords, old.audience);"
"  INSERT INTO offers_fts (rowid, title, description, missions, location, keywords, audience)"
"  VALUES (new.id, new.title, new.description, new.missions, new.location, new.keywords,"
"  new.audience);"
"END;"
#define OFFER_AUDIENCE(id) \
"  UPDATE offers SET audience = 's' || state || ' ' || coalesce((SELECT group_concat(" \
"   CASE WHEN l.state = 'validated' THEN 'v' || l.formation_id || ' ' ELSE '' END ||" \
"   't' || l.formation_id, ' ') FROM offer_formations l WHERE l.offer_id = " id "), 'tnone')" \
"   WHERE id = " id ";"
"CREATE TRIGGER offers_audience_state AFTER UPDATE OF state ON offers BEGIN"
OFFER_AUDIENCE("new.id")
"END;"
"CREATE TRIGGER offer_formations_audience_i AFTER INSERT ON offer_formations BEGIN"
OFFER_AUDIENCE("new.offer_id")
"END;"
"CREATE TRIGGER offer_formations_audience_u AFTER UPDATE OF state ON offer_formations BEGIN"
OFFER_AUDIENCE("new.offer_id")
"END;"
"CREATE TRIGGER offer_formations_audience_d AFTER DELETE ON offer_formations BEGIN"
OFFER_AUDIENCE("old.offer_id")
"END;"

"CREATE TABLE criteria ("
"  id INTEGER PRIMARY KEY,"
"  name TEXT NOT NULL UNIQUE,"
"  label TEXT NOT NULL,"
"  impact INTEGER NOT NULL DEFAULT 1 CHECK (impact BETWEEN 0 AND 5)"
");"
/*
 * criteria values as people typed them, one row per value or per list
 * ("Excel, SQL"); the recommendation job normalises them when it reads them
 */
"CREATE TABLE offer_criteria ("
"  offer_id INTEGER NOT NULL REFERENCES offers(id),"
"  criterion_id INTEGER NOT NULL REFERENCES criteria(id),"
"  value TEXT NOT NULL"
");"
"CREATE INDEX offer_criteria_o ON offer_criteria(offer_id);"
"CREATE TABLE student_criteria ("
"  student_id INTEGER NOT NULL REFERENCES users(id),"
"  criterion_id INTEGER NOT NULL REFERENCES criteria(id),"
"  value TEXT NOT NULL"
");"
"CREATE INDEX student_criteria_s ON student_criteria(student_id);"

/*
 * a (student, offer) pair worth showing: manual (RECOMMANDER by an rp) or
 * in the top of the student's list (student_rank) or of the offer's list of
 * profiles (offer_rank); *_seen_at: when a digest showed it to that side
 */
"CREATE TABLE recommendations ("
"  student_id INTEGER NOT NULL REFERENCES users(id),"
"  offer_id INTEGER NOT NULL REFERENCES offers(id),"
"  score INTEGER NOT NULL,"
"  matched TEXT,"
"  manual INTEGER NOT NULL DEFAULT 0,"
"  recommended_by INTEGER REFERENCES users(id),"
"  student_rank INTEGER,"
"  offer_rank INTEGER,"
"  student_seen_at INTEGER,"
"  offer_seen_at INTEGER,"
"  created_at INTEGER NOT NULL,"
"  PRIMARY KEY (student_id, offer_id)"
");"
"CREATE INDEX recommendations_o ON recommendations(offer_id);"
/* favourites: offers a student keeps, profiles an employer keeps */
"CREATE TABLE favorites ("
"  user_id INTEGER NOT NULL REFERENCES users(id),"
"  offer_id INTEGER REFERENCES offers(id),"
"  student_id INTEGER REFERENCES users(id),"
"  created_at INTEGER NOT NULL,"
"  warned_at INTEGER,"
"  CHECK ((offer_id IS NULL) <> (student_id IS NULL))"
");"
"CREATE UNIQUE INDEX favorites_u ON favorites(user_id, coalesce(offer_id, 0),"
"  coalesce(student_id, 0));"

"CREATE TABLE applications ("
"  id INTEGER PRIMARY KEY,"
"  student_id INTEGER NOT NULL REFERENCES users(id),"
"  offer_id INTEGER NOT NULL REFERENCES offers(id),"
"  state TEXT NOT NULL,"
"  comment TEXT,"
"  one_click INTEGER NOT NULL DEFAULT 0,"
"  reminded_at INTEGER,"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL,"
"  UNIQUE (student_id, offer_id)"
");"
"CREATE INDEX applications_offer ON applications (offer_id, state);"

"CREATE TABLE application_documents ("
"  application_id INTEGER NOT NULL REFERENCES applications(id),"
"  document_id INTEGER NOT NULL REFERENCES documents(id),"
"  PRIMARY KEY (application_id, document_id)"
");"

"CREATE TABLE interviews ("
"  id INTEGER PRIMARY KEY,"
"  application_id INTEGER NOT NULL REFERENCES applications(id),"
"  employer_id INTEGER REFERENCES users(id),"
"  state TEXT NOT NULL,"
"  slots TEXT NOT NULL,"
"  chosen INTEGER,"
"  start_at INTEGER, end_at INTEGER, location TEXT,"
"  sequence INTEGER NOT NULL DEFAULT 0,"
"  reminded_at INTEGER,"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL"
");"
"CREATE INDEX interviews_application ON interviews(application_id);"
"CREATE INDEX interviews_employer ON interviews(employer_id, state, start_at);"

"CREATE TABLE student_notes ("
"  id INTEGER PRIMARY KEY,"
"  student_id INTEGER NOT NULL REFERENCES users(id),"
"  author_id INTEGER REFERENCES users(id),"
"  kind TEXT NOT NULL CHECK (kind = 'note' OR kind = 'message'),"
"  body TEXT NOT NULL,"
"  created_at INTEGER NOT NULL"
");"
"CREATE INDEX student_notes_student ON student_notes(student_id, created_at);"

"CREATE TABLE missions ("
"  id INTEGER PRIMARY KEY,"
"  application_id INTEGER REFERENCES applications(id),"
"  offer_id INTEGER REFERENCES offers(id),"
"  student_id INTEGER NOT NULL REFERENCES users(id),"
"  author_id INTEGER REFERENCES users(id),"
"  company_id INTEGER REFERENCES companies(id),"
"  formation_id INTEGER REFERENCES formations(id),"
"  state TEXT NOT NULL,"
"  company_name TEXT, siret TEXT, company_address TEXT,"
"  subject TEXT, activities TEXT,"
"  start_date TEXT, end_date TEXT,"
"  contract_manager TEXT, tutor TEXT, tutor_email TEXT,"
"  school_year TEXT, promotion TEXT,"
"  decided_by INTEGER REFERENCES users(id),"
"  comment TEXT,"
"  submitted_at INTEGER, decided_at INTEGER, exported_at INTEGER,"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL"
");"
"CREATE INDEX missions_student ON missions(student_id);"
"CREATE INDEX missions_formation ON missions(formation_id, state);"

"CREATE TABLE documents ("
"  id INTEGER PRIMARY KEY,"
"  user_id INTEGER REFERENCES users(id),"
"  type TEXT NOT NULL CHECK (type = 'cv' OR type = 'lm' OR type = 'book' OR type = 'offer'"
"    OR type = 'other'),"
"  label TEXT NOT NULL,"
"  version INTEGER NOT NULL DEFAULT 1,"
"  filename TEXT NOT NULL,"
"  sha256 TEXT NOT NULL,"
"  size INTEGER NOT NULL,"
"  is_default INTEGER NOT NULL DEFAULT 0,"
"  is_reference INTEGER NOT NULL DEFAULT 0,"
"  deleted_at INTEGER,"
"  created_at INTEGER NOT NULL"
");"
"CREATE INDEX documents_user ON documents (user_id, label);"

"CREATE TABLE tokens ("
"  id INTEGER PRIMARY KEY,"
"  hash TEXT NOT NULL UNIQUE,"
"  purpose TEXT NOT NULL,"
"  object_type TEXT, object_id INTEGER,"
"  user_id INTEGER REFERENCES users(id),"
"  commands TEXT NOT NULL DEFAULT '',"
"  expires_at INTEGER NOT NULL,"
"  max_uses INTEGER NOT NULL DEFAULT 1,"
"  uses INTEGER NOT NULL DEFAULT 0,"
"  revoked INTEGER NOT NULL DEFAULT 0,"
"  created_at INTEGER NOT NULL"
");"
"CREATE INDEX tokens_object ON tokens(object_type, object_id);"

"CREATE TABLE notifications ("
"  id INTEGER PRIMARY KEY,"
"  user_id INTEGER NOT NULL REFERENCES users(id),"
"  kind TEXT NOT NULL,"
"  importance TEXT NOT NULL CHECK (importance = 'action' OR importance = 'info'"
"    OR importance = 'optional'),"
"  vars TEXT NOT NULL DEFAULT '{}',"
"  created_at INTEGER NOT NULL,"
"  read_at INTEGER,"
"  digested_at INTEGER"
");"
"CREATE INDEX notifications_user ON notifications(user_id, id);"

"CREATE TABLE outbox ("
"  id INTEGER PRIMARY KEY,"
"  user_id INTEGER REFERENCES users(id),"
"  rcpt TEXT NOT NULL,"
"  template TEXT NOT NULL,"
"  locale TEXT NOT NULL DEFAULT 'fr',"
"  vars TEXT NOT NULL DEFAULT '{}',"
"  token TEXT,"
"  thread TEXT,"
"  attachments TEXT,"
"  state TEXT NOT NULL DEFAULT 'queued'"
"    CHECK (state = 'queued' OR state = 'sent' OR state = 'failed'),"
"  attempts INTEGER NOT NULL DEFAULT 0,"
"  next_attempt_at INTEGER NOT NULL,"
"  last_error TEXT,"
"  message_id TEXT,"
"  created_at INTEGER NOT NULL,"
"  sent_at INTEGER"
");"
"CREATE INDEX outbox_due ON outbox(state, next_attempt_at);"

"CREATE TABLE inbound ("
"  id INTEGER PRIMARY KEY,"
"  key TEXT NOT NULL UNIQUE,"
"  kind TEXT NOT NULL,"
"  filename TEXT NOT NULL,"
"  state TEXT NOT NULL CHECK (state = 'done' OR state = 'failed'),"
"  reason TEXT,"
"  sender TEXT,"
"  received_at INTEGER NOT NULL"
");"
"CREATE TABLE inbound_attempts ("
"  filename TEXT PRIMARY KEY,"
"  attempts INTEGER NOT NULL,"
"  last_error TEXT"
");"
"CREATE TABLE error_budget ("
"  sender TEXT NOT NULL COLLATE NOCASE,"
"  day TEXT NOT NULL,"
"  count INTEGER NOT NULL,"
"  PRIMARY KEY (sender, day)"
");"

"CREATE TABLE imports ("
"  id INTEGER PRIMARY KEY,"
"  filename TEXT NOT NULL,"
"  sha256 TEXT,"
"  type TEXT NOT NULL CHECK (type = 'batch' OR type = 'manual'),"
"  status TEXT NOT NULL,"
"  lines INTEGER NOT NULL DEFAULT 0,"
"  created INTEGER NOT NULL DEFAULT 0,"
"  rejected INTEGER NOT NULL DEFAULT 0,"
"  log_path TEXT, rejects_path TEXT,"
"  started_at INTEGER NOT NULL,"
"  finished_at INTEGER"
");"

"CREATE TABLE audit ("
"  id INTEGER PRIMARY KEY,"
"  at INTEGER NOT NULL,"
"  actor TEXT,"
"  object_type TEXT NOT NULL,"
"  object_id INTEGER,"
"  from_state TEXT,"
"  event TEXT NOT NULL,"
"  to_state TEXT,"
"  detail TEXT"
");"
"CREATE INDEX audit_object ON audit(object_type, object_id);"

"CREATE TABLE jobs ("
"  name TEXT PRIMARY KEY,"
"  last_run INTEGER NOT NULL"
");"

"CREATE TABLE settings ("
"  key TEXT PRIMARY KEY,"
"  value TEXT NOT NULL"
");"

"INSERT INTO criteria (name, label, impact) VALUES"
"  ('formation','Formation',5), ('sector','Secteur',3), ('skills','Compétences',4),"
"  ('contract','Type de contrat',2), ('location','Lieu',3), ('seniority','Ancienneté',1),"
"  ('mobility','Mobilité',2), ('languages','Langues',1), ('availability','Disponibilité',0);"
;

/*
 * version 2: what employers may see of a student (and the RQTH/OETH status
 * a student declares), the consents given at signup, the files relayed
 * between an employer and a candidate, the handicap commitment of offers in
 * the search index, and the SIRENE register extract
 */
/* OFFER_AUDIENCE, with the term "handi" when the offer is committed */
#define OFFER_AUDIENCE_2(id) \
"  UPDATE offers SET audience = 's' || state || ' ' || coalesce((SELECT group_concat(" \
"   CASE WHEN l.state = 'validated' THEN 'v' || l.formation_id || ' ' ELSE '' END ||" \
"   't' || l.formation_id, ' ') FROM offer_formations l WHERE l.offer_id = " id "), 'tnone')" \
"   || CASE WHEN handicap THEN ' handi' ELSE '' END WHERE id = " id ";"

static const char schema_v2[] =
/* what employers see of a student's profile: NULL the default, "none", or "first_name,skills" */
"ALTER TABLE users ADD COLUMN profile_show TEXT;"
/* declared by the student (health data: shown to employers only with "rqth" in profile_show) */
"ALTER TABLE users ADD COLUMN disability TEXT"
"  CHECK (disability IS NULL OR disability = 'rqth' OR disability = 'oeth');"

/* consents given (signup: the processing of the student's data), as proof */
"CREATE TABLE consents ("
"  id INTEGER PRIMARY KEY,"
"  user_id INTEGER NOT NULL REFERENCES users(id),"
"  kind TEXT NOT NULL,"
"  version TEXT NOT NULL,"
"  locale TEXT NOT NULL,"
"  wording TEXT NOT NULL,"
"  via TEXT NOT NULL,"
"  given_at INTEGER NOT NULL"
");"
"CREATE INDEX consents_user ON consents(user_id);"

"CREATE TABLE relay_files ("
"  id INTEGER PRIMARY KEY,"
"  application_id INTEGER NOT NULL REFERENCES applications(id),"
"  sender_id INTEGER REFERENCES users(id),"
"  filename TEXT NOT NULL,"
"  content_type TEXT NOT NULL,"
"  sha256 TEXT NOT NULL,"
"  size INTEGER NOT NULL,"
"  created_at INTEGER NOT NULL"
");"
"CREATE INDEX relay_files_application ON relay_files(application_id, created_at);"

/* the handicap commitment is a term of the audience: "CHERCHER ... handicap" */
"DROP TRIGGER offers_audience_state;"
"DROP TRIGGER offer_formations_audience_i;"
"DROP TRIGGER offer_formations_audience_u;"
"DROP TRIGGER offer_formations_audience_d;"
"CREATE TRIGGER offers_audience_insert AFTER INSERT ON offers WHEN new.handicap BEGIN"
OFFER_AUDIENCE_2("new.id")
"END;"
"CREATE TRIGGER offers_audience_state AFTER UPDATE OF state, handicap ON offers BEGIN"
OFFER_AUDIENCE_2("new.id")
"END;"
"CREATE TRIGGER offer_formations_audience_i AFTER INSERT ON offer_formations BEGIN"
OFFER_AUDIENCE_2("new.offer_id")
"END;"
"CREATE TRIGGER offer_formations_audience_u AFTER UPDATE OF state ON offer_formations BEGIN"
OFFER_AUDIENCE_2("new.offer_id")
"END;"
"CREATE TRIGGER offer_formations_audience_d AFTER DELETE ON offer_formations BEGIN"
OFFER_AUDIENCE_2("old.offer_id")
"END;"
"UPDATE offers SET audience = audience || ' handi' WHERE handicap;"

/* the SIRENE register extract: establishments (state A or F), legal units (A or C) */
"CREATE TABLE sirene_establishments " SIRENE_ESTABLISHMENTS_COLUMNS ";"
"CREATE TABLE sirene_units " SIRENE_UNITS_COLUMNS ";"
/* the last load of each kind: files, rows kept, lines skipped, when */
"CREATE TABLE sirene_loads ("
"  kind TEXT PRIMARY KEY CHECK (kind = 'establishments' OR kind = 'units'),"
"  files TEXT NOT NULL,"
"  rows INTEGER NOT NULL,"
"  skipped INTEGER NOT NULL,"
"  loaded_at INTEGER NOT NULL"
");"
;

/*
 * version 3: sponsorship (parrainage) and the grants of staff.  A grant
 * gives a staff account a duty the users.role CHECK has no value for: the
 * chargé de mission (mission_officer), who creates referent accounts, and
 * the mark of the referents so created (referent).  Sponsors are people,
 * staff or volunteers, registered by a chargé de mission; a volunteer has
 * no account (user_id NULL) and is mailed at the address.  A student's
 * request for a sponsor goes to their referent, who names the sponsor
 * (or takes the one proposed from the pool) or refuses with a motif.
 */
static const char schema_v3[] =
"CREATE TABLE staff_grants ("
"  user_id INTEGER NOT NULL REFERENCES users(id),"
"  kind TEXT NOT NULL CHECK (kind = 'mission_officer' OR kind = 'referent'),"
"  granted_by TEXT,"
"  created_at INTEGER NOT NULL,"
"  PRIMARY KEY (user_id, kind)"
");"
"CREATE TABLE sponsors ("
"  id INTEGER PRIMARY KEY,"
"  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
"  first_name TEXT NOT NULL DEFAULT '',"
"  last_name TEXT NOT NULL DEFAULT '',"
"  user_id INTEGER REFERENCES users(id),"
"  locale TEXT NOT NULL DEFAULT 'fr',"
"  active INTEGER NOT NULL DEFAULT 1,"
"  created_by TEXT,"
"  created_at INTEGER NOT NULL"
");"
"CREATE TABLE sponsorships ("
"  id INTEGER PRIMARY KEY,"
"  student_id INTEGER NOT NULL REFERENCES users(id),"
"  sponsor_id INTEGER REFERENCES sponsors(id),"
"  proposed_id INTEGER REFERENCES sponsors(id),"
"  state TEXT NOT NULL CHECK (state = 'requested' OR state = 'active' OR state = 'refused'"
"    OR state = 'ended'),"
"  message TEXT,"
"  decided_by INTEGER REFERENCES users(id),"
"  reason TEXT,"
"  decided_at INTEGER, ended_at INTEGER,"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL"
");"
"CREATE INDEX sponsorships_student ON sponsorships(student_id, state);"
"CREATE INDEX sponsorships_sponsor ON sponsorships(sponsor_id, state);"
;

/*
 * version 4: staff commands held until confirmed (engine/pending.h).  A
 * command that creates accounts and came to a fixed address without proof
 * of the sender's mailbox waits here for CONFIRMER or ANNULER on the key
 * mailed to the staff member; body is the new text of the mail, cleared
 * once the command is decided.
 */
static const char schema_v4[] =
"CREATE TABLE pending_commands ("
"  id INTEGER PRIMARY KEY,"
"  user_id INTEGER NOT NULL REFERENCES users(id),"
"  route TEXT NOT NULL,"
"  verb TEXT NOT NULL,"
"  body TEXT,"
"  state TEXT NOT NULL DEFAULT 'pending' CHECK (state = 'pending' OR state = 'confirmed'"
"    OR state = 'cancelled'),"
"  expires_at INTEGER NOT NULL,"
"  decided_at INTEGER,"
"  created_at INTEGER NOT NULL"
");"
"CREATE INDEX pending_commands_user ON pending_commands(user_id, state);"
;

/*
 * version 5: applications to the formations themselves (admission/): the
 * application window and the pieces each formation asks for, the
 * candidates (people from outside, not users: their address is confirmed
 * by mail), their dossiers (one per formation applied to, ranked), the
 * pieces they sent (shared by the dossiers that ask for the same label)
 * and each dossier's state of each required piece
 */
static const char schema_v5[] =
"CREATE TABLE admission_windows ("
"  formation_id INTEGER PRIMARY KEY REFERENCES formations(id),"
"  opens_on TEXT NOT NULL,"
"  closes_on TEXT NOT NULL,"
"  updated_at INTEGER NOT NULL"
");"
"CREATE TABLE admission_required ("
"  id INTEGER PRIMARY KEY,"
"  formation_id INTEGER NOT NULL REFERENCES formations(id),"
"  label TEXT NOT NULL,"
"  label_key TEXT NOT NULL,"
"  position INTEGER NOT NULL,"
"  template_sha256 TEXT, template_filename TEXT,"
"  UNIQUE (formation_id, label_key)"
");"
"CREATE TABLE candidates ("
"  id INTEGER PRIMARY KEY,"
"  email TEXT NOT NULL COLLATE NOCASE,"
"  state TEXT NOT NULL CHECK (state = 'unconfirmed' OR state = 'confirmed' OR state = 'expired'),"
"  last_name TEXT NOT NULL, first_name TEXT NOT NULL, birth_date TEXT NOT NULL,"
"  phone TEXT,"
"  locale TEXT NOT NULL DEFAULT 'fr',"
"  confirmed_at INTEGER,"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL"
");"
"CREATE UNIQUE INDEX candidates_email ON candidates(email) WHERE state <> 'expired';"
"CREATE TABLE admission_dossiers ("
"  id INTEGER PRIMARY KEY,"
"  candidate_id INTEGER NOT NULL REFERENCES candidates(id),"
"  formation_id INTEGER NOT NULL REFERENCES formations(id),"
"  rank INTEGER NOT NULL,"
"  state TEXT NOT NULL,"
"  reason TEXT,"
"  deadline_at INTEGER,"
"  interview_start INTEGER, interview_end INTEGER, interview_location TEXT,"
"  interview_seq INTEGER NOT NULL DEFAULT 0,"
"  transmitted_at INTEGER, decided_at INTEGER,"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL"
");"
"CREATE INDEX admission_dossiers_candidate ON admission_dossiers(candidate_id, state);"
"CREATE INDEX admission_dossiers_formation ON admission_dossiers(formation_id, state);"
"CREATE TABLE admission_pieces ("
"  id INTEGER PRIMARY KEY,"
"  candidate_id INTEGER NOT NULL REFERENCES candidates(id),"
"  label_key TEXT NOT NULL,"
"  kind TEXT NOT NULL CHECK (kind = 'pdf' OR kind = 'incapacity'),"
"  filename TEXT, sha256 TEXT, size INTEGER,"
"  reason TEXT,"
"  created_at INTEGER NOT NULL"
");"
"CREATE INDEX admission_pieces_candidate ON admission_pieces(candidate_id, label_key);"
"CREATE TABLE admission_dossier_pieces ("
"  dossier_id INTEGER NOT NULL REFERENCES admission_dossiers(id),"
"  required_id INTEGER NOT NULL REFERENCES admission_required(id),"
"  piece_id INTEGER REFERENCES admission_pieces(id),"
"  state TEXT NOT NULL CHECK (state = 'missing' OR state = 'received' OR state = 'refused'),"
"  refusal TEXT,"
"  updated_at INTEGER NOT NULL,"
"  PRIMARY KEY (dossier_id, required_id)"
");"
;

/*
 * version 6: structures (OPCO, CCI, missions locales, recruitment agencies)
 * whose users post offers for partner companies an admin validated, offers
 * shared by every user of a structure, and spontaneous applications: an
 * application names its company, and its offer only when it answers one.
 * SQLite cannot drop a NOT NULL, so applications is rebuilt; the rows that
 * reference it (documents, interviews, missions, relayed files) wait for
 * the end of the transaction, when every parent is back.
 */
static const char schema_v6[] =
"CREATE TABLE structures ("
"  id INTEGER PRIMARY KEY,"
"  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
"  kind TEXT NOT NULL CHECK (kind = 'opco' OR kind = 'cci' OR kind = 'cma'"
"    OR kind = 'mission_locale' OR kind = 'agence' OR kind = 'autre'),"
"  created_at INTEGER NOT NULL"
");"
/* a user belongs to one structure at most */
"CREATE TABLE structure_members ("
"  structure_id INTEGER NOT NULL REFERENCES structures(id),"
"  user_id INTEGER NOT NULL UNIQUE REFERENCES users(id),"
"  created_at INTEGER NOT NULL,"
"  PRIMARY KEY (structure_id, user_id)"
");"
/*
 * a partner company as its structure's user described it (the SIRENE
 * register's name and address when it knows them); company_id is set when
 * an admin validates it
 */
"CREATE TABLE structure_partners ("
"  id INTEGER PRIMARY KEY,"
"  structure_id INTEGER NOT NULL REFERENCES structures(id),"
"  siret TEXT NOT NULL,"
"  name TEXT NOT NULL,"
"  address TEXT, postal_code TEXT, city TEXT,"
"  contact_email TEXT,"
"  register_note TEXT,"
"  company_id INTEGER REFERENCES companies(id),"
"  state TEXT NOT NULL CHECK (state = 'pending' OR state = 'validated' OR state = 'refused'),"
"  requested_by INTEGER REFERENCES users(id),"
"  decided_by INTEGER REFERENCES users(id),"
"  reason TEXT,"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL,"
"  UNIQUE (structure_id, siret)"
");"
"CREATE INDEX structure_partners_company ON structure_partners(company_id, state);"

/* an offer posted by a structure's user, shared or not with the others, its partner's contact */
"ALTER TABLE offers ADD COLUMN structure_id INTEGER REFERENCES structures(id);"
"ALTER TABLE offers ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;"
"ALTER TABLE offers ADD COLUMN contact_email TEXT;"
/* whether a company takes spontaneous applications (its referent's choice) */
"ALTER TABLE companies ADD COLUMN spontaneous INTEGER NOT NULL DEFAULT 1;"

"PRAGMA defer_foreign_keys = ON;"
"CREATE TABLE applications_v2 AS SELECT * FROM applications;"
"DROP TABLE applications;"
"CREATE TABLE applications ("
"  id INTEGER PRIMARY KEY,"
"  student_id INTEGER NOT NULL REFERENCES users(id),"
"  offer_id INTEGER REFERENCES offers(id),"
"  company_id INTEGER REFERENCES companies(id),"
"  state TEXT NOT NULL,"
"  comment TEXT,"
"  one_click INTEGER NOT NULL DEFAULT 0,"
"  reminded_at INTEGER,"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL,"
"  UNIQUE (student_id, offer_id),"
"  CHECK (offer_id IS NOT NULL OR company_id IS NOT NULL)"
");"
"INSERT INTO applications (id, student_id, offer_id, company_id, state, comment, one_click,"
"  reminded_at, created_at, updated_at)"
"  SELECT a.id, a.student_id, a.offer_id, o.company_id, a.state, a.comment, a.one_click,"
"  a.reminded_at, a.created_at, a.updated_at FROM applications_v2 a"
"  JOIN offers o ON o.id = a.offer_id;"
"DROP TABLE applications_v2;"
"CREATE INDEX applications_offer ON applications (offer_id, state);"
"CREATE INDEX applications_company ON applications (company_id, state);"
/* an application to an offer names the offer's company, whoever inserts it */
"CREATE TRIGGER applications_company AFTER INSERT ON applications"
"  WHEN new.company_id IS NULL BEGIN"
"  UPDATE applications SET company_id = (SELECT company_id FROM offers WHERE id = new.offer_id)"
"   WHERE id = new.id;"
"END;"
/* one spontaneous application per (student, company) */
"CREATE UNIQUE INDEX applications_spontaneous ON applications (student_id, company_id)"
"  WHERE offer_id IS NULL;"
;

/*
 * version 7: an offer inserted with its handicap commitment.  The insert
 * had two triggers, one indexing the row, one adding "handi" to its
 * audience; SQLite fired the second first, so the index was told to
 * replace a row it did not hold yet and the full-text index broke.  One
 * trigger now does both, in that order (the audience of every new offer is
 * computed, as a change of state computes it), and the index is rebuilt
 * from the offers: a database that met the bug is repaired.
 */
static const char schema_v7[] =
"DROP TRIGGER offers_audience_insert;"
"DROP TRIGGER offers_fts_ai;"
"CREATE TRIGGER offers_fts_ai AFTER INSERT ON offers BEGIN"
"  INSERT INTO offers_fts (rowid, title, description, missions, location, keywords, audience)"
"  VALUES (new.id, new.title, new.description, new.missions, new.location, new.keywords,"
"  new.audience);"
OFFER_AUDIENCE_2("new.id")
"END;"
"INSERT INTO offers_fts (offers_fts) VALUES ('rebuild');"
;

/*
 * version 8: the interviews of admissions as choices: the slots the
 * formation's staff proposes to a candidate (a JSON array, as interviews
 * keep theirs), and whether an invitation went out under the dossier's
 * UID (every later one raises its SEQUENCE), and when both sides were
 * reminded of the slot set
 */
static const char schema_v8[] =
"ALTER TABLE admission_dossiers ADD COLUMN interview_slots TEXT;"
"ALTER TABLE admission_dossiers ADD COLUMN interview_sent INTEGER NOT NULL DEFAULT 0;"
"ALTER TABLE admission_dossiers ADD COLUMN interview_reminded_at INTEGER;"
"UPDATE admission_dossiers SET interview_sent = 1 WHERE interview_start IS NOT NULL;"
;

const char *const db_migrations[] = {
	schema_v1,
	schema_v2,
	schema_v3,
	schema_v4,
	schema_v5,
	schema_v6,
	schema_v7,
	schema_v8,
	NULL
};
