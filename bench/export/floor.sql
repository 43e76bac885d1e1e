-- floor.sql - the rows of the CSV export, joined and ordered as altc reads
-- them, written by sqlite3 itself (-csv): the floor altc's CSV is held to.
.headers on
.mode csv
.separator ;
SELECT f.code, f.label, f.rncp_code, f.diploma_code, m.promotion, m.school_year,
  trim(coalesce(r.first_name, '') || ' ' || coalesce(r.last_name, '')), r.email,
  trim(s.first_name || ' ' || s.last_name), s.email, s.ine, s.birth_date,
  m.company_name, m.siret, m.company_address, m.contract_manager, m.tutor, m.tutor_email,
  m.start_date, m.end_date, m.subject, m.activities, m.state
FROM missions m JOIN users s ON s.id = m.student_id
LEFT JOIN formations f ON f.id = m.formation_id
LEFT JOIN users r ON r.id = f.rp_id
WHERE m.state = 'validated'
ORDER BY f.code, s.last_name, s.first_name, m.id;
