-- floor.sql - the rows `altc import` writes for each new student (account,
-- audit, student x formation, signup token, notification, outbox), written in
-- bulk by sqlite3 itself from the file it imported into ref.db: no parsing,
-- no checks, no per-row statements.  What no importer on this schema can beat.
PRAGMA journal_mode = WAL;
PRAGMA cache_size = -16000;
ATTACH 'ref.db' AS r;
BEGIN;
INSERT INTO users (email, role, state, last_name, first_name, phone_mobile, ine, birth_date,
    address1, postal_code, city, country, last_school, created_at, updated_at)
  SELECT lower(Mail), 'student', 'imported', Nom, Prenom, Portable, Code_INE,
    substr(Date_Naissance, 7, 4) || '-' || substr(Date_Naissance, 4, 2) || '-' ||
    substr(Date_Naissance, 1, 2), Adresse_1, Code_Postal, Commune, Pays, Dernier_Etab,
    unixepoch(), unixepoch()
  FROM r.t;
INSERT INTO audit (at, object_type, object_id, event, to_state, detail)
  SELECT unixepoch(), 'account', id, 'import', 'imported', 'account ' || id || ': -> imported'
  FROM users WHERE role = 'student';
INSERT INTO student_formations (student_id, formation_id, avis, avis_date, created_at)
  SELECT u.id, f.id, 'Favorable', '2025-03-01', unixepoch()
  FROM users u JOIN r.t ON r.t.rowid = u.id - (SELECT min(id) - 1 FROM users WHERE role = 'student')
  JOIN formations f ON f.code = r.t.Code_Formation
  WHERE u.role = 'student';
INSERT INTO tokens (hash, purpose, object_type, object_id, user_id, commands, expires_at,
    max_uses, created_at)
  SELECT lower(hex(randomblob(32))), 'signup', 'user', id, id, 'INSCRIPTION',
    unixepoch() + 86400, 1, unixepoch()
  FROM users WHERE role = 'student';
INSERT INTO notifications (user_id, kind, importance, vars, created_at, digested_at)
  SELECT id, 'import.invitation', 'action', json_object('first_name', first_name,
    'last_name', last_name, 'formation', 'Formation BENCH-A',
    'link', 'https://alternance.univ.example/s/' || lower(hex(randomblob(20))),
    'expires', '02/12/2026 18:00 UTC'), unixepoch(), unixepoch()
  FROM users WHERE role = 'student';
INSERT INTO outbox (user_id, rcpt, template, locale, vars, token, next_attempt_at, created_at)
  SELECT id, email, 'import.invitation', 'fr', json_object('first_name', first_name,
    'last_name', last_name, 'formation', 'Formation BENCH-A',
    'link', 'https://alternance.univ.example/s/' || lower(hex(randomblob(20))),
    'expires', '02/12/2026 18:00 UTC'), lower(hex(randomblob(20))), unixepoch(), unixepoch()
  FROM users WHERE role = 'student';
COMMIT;
