-- 005_run_subject: a run stored as one row per subject, and prunable.
--
-- The year-end batch writes one row per member and per org instead of a
-- result row and one outcome row per requirement; the reports read it
-- back and never evaluate.  level is 0 for a member, 1 for an org.
-- outcomes is a JSON array with one element per requirement of the
-- subject's level, in run_requirement order:
--   [status, value, target, message, points, [slot, ...]]
-- status "p", "f" or "n" (pass, fail, n/a); value and target JSON scalars
-- as a rule returned them; points what the requirement added; the slots
-- the facts the rule read (numbers into the run's member_facts).  Trailing
-- nulls are left out.  facts is a JSON array of fact values by slot (the
-- facts the pack's forms declare and those a rule read; null otherwise).
-- The one foreign key, on run_id, costs one lookup of the run per subject
-- (not measurable: 0.37 s either way for 20 000 members); no CHECK lists.

ALTER TABLE run ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run ADD COLUMN member_facts TEXT;   -- JSON array: slot -> fact name
ALTER TABLE run ADD COLUMN org_facts TEXT;

CREATE TABLE run_subject (
	run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	level       INTEGER NOT NULL,              -- 0 member, 1 org
	subject     INTEGER NOT NULL,
	score       REAL,
	grade       TEXT,
	stars       INTEGER,
	award       INTEGER,
	next_band   TEXT,
	outcomes    TEXT NOT NULL,
	facts       TEXT,
	PRIMARY KEY (run_id, level, subject)
) WITHOUT ROWID;

-- The old runs, read as before: each result row with its outcomes in
-- requirement order (the subquery's order feeds json_group_array).
INSERT INTO run_subject (run_id, level, subject, score, grade, stars, award, next_band,
	outcomes, facts)
SELECT r.run_id, r.level = 'org', r.subject, r.score, r.grade, r.stars, r.award, r.next_band,
	coalesce((SELECT json_group_array(json(enc)) FROM
	    (SELECT CASE
	        WHEN points IS NOT NULL THEN json_array(s, json(v), json(target), message, points)
	        WHEN message IS NOT NULL THEN json_array(s, json(v), json(target), message)
	        WHEN target IS NOT NULL THEN json_array(s, json(v), json(target))
	        WHEN value IS NOT NULL THEN json_array(s, json(v))
	        ELSE json_array(s) END AS enc
	     FROM (SELECT CASE status WHEN 'pass' THEN 'p' WHEN 'fail' THEN 'f' ELSE 'n' END AS s,
	            value, coalesce(value, 'null') AS v, target, message, points, no
	           FROM outcome WHERE run_id = r.run_id AND level = r.level
	            AND subject = r.subject)
	     ORDER BY no)), '[]'),
	NULL
FROM result r;

DROP TABLE outcome;
DROP TABLE result;

-- The subjects read as the old tables were, for queries that compare
-- runs (pack diff, pack test): one result row per subject, one outcome
-- row per requirement.
CREATE VIEW result AS
SELECT run_id, CASE level WHEN 1 THEN 'org' ELSE 'member' END AS level, subject, score,
	grade, stars, award, next_band
FROM run_subject;

CREATE VIEW outcome AS
SELECT s.run_id, CASE s.level WHEN 1 THEN 'org' ELSE 'member' END AS level, s.subject,
	j.key + CASE s.level WHEN 1 THEN 100000 ELSE 0 END AS no,
	CASE j.value->>0 WHEN 'p' THEN 'pass' WHEN 'f' THEN 'fail' ELSE 'n/a' END AS status,
	nullif(j.value->1, 'null') AS value, nullif(j.value->2, 'null') AS target,
	j.value->>3 AS message, j.value->>4 AS points
FROM run_subject s, json_each(s.outcomes) j;
