-- floor.sql - the same scores as `altc recommend run`, computed by SQLite
-- alone in the sqlite3 shell: every pair the formation gate lets through is
-- scored over the criteria both sides give (formation 1, sector 2, skills 3,
-- contract 4, location 5, seniority 6, mobility 7, languages 8: the ids of
-- the criteria table) with the impacts of the criteria table, and the ten
-- best offers of each student are kept, as altc keeps them.  Values are
-- compared as stored (gen.py writes one spelling per value).
--
-- SQLite does not index a materialized CTE that it looks rows up in (it
-- scans it for every pair), so each side's attributes first go into a
-- temporary table keyed by id; the scores are then one query.
CREATE TEMP TABLE ps (id INTEGER PRIMARY KEY, hs, nk, hc, hn, ng, loc, mob, com, dept, reg);
CREATE TEMP TABLE po (id INTEGER PRIMARY KEY, hs, nk, hc, hn, ng, loc, mob, com, dept, reg);
CREATE TEMP VIEW side AS
  SELECT 's' AS kind, student_id AS id, criterion_id AS c, value FROM student_criteria
  UNION ALL SELECT 'o', offer_id, criterion_id, value FROM offer_criteria;
CREATE TEMP VIEW sides AS
  SELECT kind, id, max(c = 2) AS hs, sum(c = 3) AS nk, max(c = 4) AS hc, max(c = 6) AS hn,
         sum(c = 8) AS ng, max(CASE WHEN c = 5 THEN value END) AS loc,
         max(CASE WHEN c = 7 THEN CASE value WHEN 'locale' THEN 0 WHEN 'départementale' THEN 1
             WHEN 'régionale' THEN 2 WHEN 'nationale' THEN 3 END END) AS mob
  FROM side GROUP BY kind, id;
CREATE TEMP VIEW places AS
  SELECT s.*, substr(loc, 1, instr(loc, ' (') - 1) AS com,
         substr(loc, instr(loc, '(') + 1, length(loc) - instr(loc, '(') - 1) AS dept
  FROM sides s;
INSERT INTO ps SELECT p.id, hs, nk, hc, hn, ng, loc, mob, com, dept, d.region
  FROM places p LEFT JOIN bench_dept d ON d.code = p.dept WHERE p.kind = 's';
INSERT INTO po SELECT p.id, hs, nk, hc, hn, ng, loc, mob, com, dept, d.region
  FROM places p LEFT JOIN bench_dept d ON d.code = p.dept WHERE p.kind = 'o';
CREATE TABLE floor_top AS
WITH w AS (
  SELECT max(CASE name WHEN 'formation' THEN impact END) AS wf,
         max(CASE name WHEN 'sector' THEN impact END) AS ws,
         max(CASE name WHEN 'skills' THEN impact END) AS wk,
         max(CASE name WHEN 'contract' THEN impact END) AS wc,
         max(CASE name WHEN 'location' THEN impact END) AS wl,
         max(CASE name WHEN 'seniority' THEN impact END) AS wn,
         max(CASE name WHEN 'mobility' THEN impact END) AS wm,
         max(CASE name WHEN 'languages' THEN impact END) AS wg
  FROM criteria),
live AS (
  SELECT o.id, EXISTS (SELECT 1 FROM offer_formations l WHERE l.offer_id = o.id) AS targeted
  FROM offers o WHERE o.state = 'published'),
gate AS (
  SELECT DISTINCT sf.student_id AS s, l.offer_id AS o, 1 AS t
  FROM student_formations sf
  JOIN users u ON u.id = sf.student_id AND u.role = 'student' AND u.state = 'registered'
  JOIN offer_formations l ON l.formation_id = sf.formation_id AND l.state = 'validated'
  JOIN offers x ON x.id = l.offer_id AND x.state = 'published'
  UNION ALL
  SELECT u.id, v.id, 0 FROM users u JOIN live v ON NOT v.targeted
  WHERE u.role = 'student' AND u.state = 'registered'),
shared AS MATERIALIZED (
  -- values in common, packed: sector + 16 skills + 256 contract + 4096 seniority + 65536 languages
  SELECT g.s, g.o, g.t, (SELECT sum(CASE sc.criterion_id WHEN 2 THEN 1 WHEN 3 THEN 16
         WHEN 4 THEN 256 WHEN 6 THEN 4096 ELSE 65536 END)
         FROM student_criteria sc JOIN offer_criteria oc ON oc.offer_id = g.o
          AND oc.criterion_id = sc.criterion_id AND oc.value = sc.value
         WHERE sc.student_id = g.s AND sc.criterion_id IN (2, 3, 4, 6, 8)) AS c
  FROM gate g
  WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.student_id = g.s AND a.offer_id = g.o)),
terms AS (
  SELECT h.s, h.o,
    h.t * w.wf
    + CASE WHEN s.hs AND o.hs THEN w.ws * ((coalesce(h.c, 0) % 16) > 0) ELSE 0 END
    + CASE WHEN s.nk > 0 AND o.nk > 0 THEN w.wk * (((coalesce(h.c, 0) / 16) % 16) * 1.0 / o.nk) ELSE 0 END
    + CASE WHEN s.hc AND o.hc THEN w.wc * (((coalesce(h.c, 0) / 256) % 16) > 0) ELSE 0 END
    + CASE WHEN s.loc IS NOT NULL AND o.loc IS NOT NULL THEN w.wl * (CASE coalesce(s.mob, 1)
        WHEN 3 THEN 1 WHEN 0 THEN s.com = o.com WHEN 1 THEN s.dept = o.dept ELSE s.reg = o.reg END)
      ELSE 0 END
    + CASE WHEN s.hn AND o.hn THEN w.wn * (((coalesce(h.c, 0) / 4096) % 16) > 0) ELSE 0 END
    + CASE WHEN s.mob IS NOT NULL AND o.mob IS NOT NULL THEN w.wm * (s.mob >= o.mob) ELSE 0 END
    + CASE WHEN s.ng > 0 AND o.ng > 0 THEN w.wg * (((coalesce(h.c, 0) / 65536) % 16) * 1.0 / o.ng) ELSE 0 END
    AS num,
    h.t * w.wf + w.ws * coalesce(s.hs AND o.hs, 0) + w.wk * coalesce(s.nk > 0 AND o.nk > 0, 0)
    + w.wc * coalesce(s.hc AND o.hc, 0) + w.wl * (s.loc IS NOT NULL AND o.loc IS NOT NULL)
    + w.wn * coalesce(s.hn AND o.hn, 0) + w.wm * (s.mob IS NOT NULL AND o.mob IS NOT NULL)
    + w.wg * coalesce(s.ng > 0 AND o.ng > 0, 0) AS den
  FROM shared h CROSS JOIN w LEFT JOIN ps s ON s.id = h.s LEFT JOIN po o ON o.id = h.o),
scored AS (
  SELECT s, o, CAST(100.0 * num / den + 0.5 AS INTEGER) AS score FROM terms WHERE den > 0),
ranked AS (
  SELECT s, o, score, row_number() OVER (PARTITION BY s ORDER BY score DESC, o) AS rank
  FROM scored WHERE score > 0)
SELECT s, o, score, rank FROM ranked WHERE rank <= 10;
SELECT count(*) || ' pairs kept by the SQL floor' FROM floor_top;
