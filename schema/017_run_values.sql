-- 017_run_values: a run stores each distinct outcome and fact value once.
--
-- A year's run repeats itself: most members meet a requirement with the
-- same handful of values, messages ("0（要求至少 1）") and facts read, so
-- the outcome elements and fact values that schema/005_run_subject.sql
-- wrote into every subject's row (about 400 bytes a member) are kept once
-- per run in run_value, and the subject's row holds their numbers:
--   outcomes  a JSON array, one number per requirement of the level: the
--             id of that requirement's outcome element in run_value
--   facts     one number per fact slot, comma-separated, nothing where
--             the run keeps no value ("0,,5"), trailing empties left out;
--             NULL when none (facts are many and often empty, so not JSON).
-- run_value.part says what a value belongs to: an outcome element of the
-- requirement numbered part (run_requirement.no: member requirements from
-- 0, org ones from 100000), or a fact: -1 - slot for a member fact,
-- -100001 - slot for an org fact.  ids count from 0 within a part.  value
-- is the JSON text 005 described: [status, value, target, message, points,
-- [slot, ...]] for an outcome, a JSON scalar for a fact.

CREATE TABLE run_value (
	run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	part        INTEGER NOT NULL,
	id          INTEGER NOT NULL,
	value       TEXT NOT NULL,
	PRIMARY KEY (run_id, part, id)
) WITHOUT ROWID;

-- The runs stored before: every distinct element and fact value numbered
-- within its part, then each row's arrays replaced by the numbers (the
-- subqueries' order feeds json_group_array and group_concat, as in 005).
CREATE TEMP TABLE run_value_old AS
SELECT run_id, part, row_number() OVER (PARTITION BY run_id, part ORDER BY value) - 1 AS id,
	value
FROM (SELECT DISTINCT s.run_id, j.key + s.level * 100000 AS part, j.value AS value
      FROM run_subject s, json_each(s.outcomes) j
      UNION
      SELECT DISTINCT s.run_id, -1 - j.key - s.level * 100000,
	CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
	ELSE json_quote(j.value) END
      FROM run_subject s, json_each(s.facts) j WHERE j.type <> 'null');
CREATE INDEX temp.run_value_old_key ON run_value_old(run_id, part, value);

INSERT INTO run_value (run_id, part, id, value)
SELECT run_id, part, id, value FROM temp.run_value_old;

UPDATE run_subject SET
	outcomes = coalesce((SELECT json_group_array(id) FROM
	    (SELECT v.id FROM json_each(run_subject.outcomes) j JOIN temp.run_value_old v
	     ON v.run_id = run_subject.run_id AND v.part = j.key + run_subject.level * 100000
	     AND v.value = j.value ORDER BY j.key)), '[]'),
	facts = CASE WHEN facts IS NULL THEN NULL ELSE (SELECT group_concat(id, ',') FROM
	    (SELECT coalesce(v.id, '') AS id FROM json_each(run_subject.facts) j
	     LEFT JOIN temp.run_value_old v
	     ON j.type <> 'null' AND v.run_id = run_subject.run_id
	     AND v.part = -1 - j.key - run_subject.level * 100000
	     AND v.value = CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
	         ELSE json_quote(j.value) END
	     ORDER BY j.key)) END;
DROP TABLE temp.run_value_old;

-- The outcomes read as one row per requirement, as before.
DROP VIEW outcome;
CREATE VIEW outcome AS
SELECT s.run_id, CASE s.level WHEN 1 THEN 'org' ELSE 'member' END AS level, s.subject,
	j.key + s.level * 100000 AS no,
	CASE v.value->>0 WHEN 'p' THEN 'pass' WHEN 'f' THEN 'fail' ELSE 'n/a' END AS status,
	nullif(v.value->1, 'null') AS value, nullif(v.value->2, 'null') AS target,
	v.value->>3 AS message, v.value->>4 AS points
FROM run_subject s, json_each(s.outcomes) j
JOIN run_value v ON v.run_id = s.run_id AND v.part = j.key + s.level * 100000
	AND v.id = j.value;

-- The activity scan of a year pass (facts.c) reads every column it needs
-- from this index, without a visit to the table: the columns the virtual
-- column complete is computed from are in it, not complete itself, which
-- SQLite cannot read from an index.
DROP INDEX IF EXISTS activity_scan;
CREATE INDEX activity_scan ON activity(member_id, date, kind, minutes, community_id, rating,
	household, verifier, place, content, voided);
