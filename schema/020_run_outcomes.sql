-- 020_run_outcomes: a run's rows keep their outcome numbers as characters,
-- and their fact numbers packed in bits.
--
-- run_subject.outcomes held the numbers of a subject's outcome elements
-- as a JSON array ("[2,2,0,1]", schema/017_run_values.sql): a third of a
-- run's rows.  A run written from this version on keeps them as a BLOB
-- of UTF-8 text, one character per requirement of the subject's level,
-- in requirement order: the element's id in run_value plus one as the
-- code point, the ids that would fall on U+D800 and after moved up by
-- 0x2800 to U+10000 (SQLite reads U+D800..U+DFFF, U+FFFE and U+FFFF as
-- U+FFFD).  An id under 127 takes one byte, under 55 295 three; a row
-- with an id over 1 103 870 keeps the JSON array.  Unlike varints, SQL
-- reads them: unicode(substr(CAST(outcomes AS TEXT), k + 1, 1)) is the
-- character of requirement k.
--
-- A row whose outcomes are such a BLOB keeps its facts (the numbers of
-- schema/019_run_facts.sql: per slot the value's id plus one, 0 for none)
-- packed: each slot's number in as many bits as the count of that slot's
-- values in run_value takes (a slot with none: no bits; 300 values: 9),
-- slot after slot from the low bits of the first byte, the last byte's
-- unused bits 0 and no zero byte at the end; NULL when none.  Only baodao
-- reads facts.  A row with JSON outcomes keeps its facts as varints.
--
-- The runs stored before keep their text and varints, so nothing is
-- rewritten here; run_outcome reads both forms of outcomes, and the
-- outcome view and pack diff read it.

-- Each subject's outcome of each requirement of its level: the number
-- of its element in run_value (part = no), for either form of the row;
-- no row where the subject has none.
CREATE VIEW run_outcome AS
SELECT run_id, level, subject, no, coalesce(c - 1 - (c >= 0x10000) * 0x2800, j) AS id FROM
	(SELECT s.run_id, s.level, s.subject, q.no,
	    CASE typeof(s.outcomes) WHEN 'blob' THEN
	        unicode(substr(CAST(s.outcomes AS TEXT), q.no - s.level * 100000 + 1, 1)) END AS c,
	    CASE typeof(s.outcomes) WHEN 'text' THEN
	        s.outcomes ->> (q.no - s.level * 100000) END AS j
	 FROM run_subject s JOIN run_requirement q ON q.run_id = s.run_id
	    AND q.no >= s.level * 100000 AND q.no < s.level * 100000 + 100000)
WHERE c IS NOT NULL OR j IS NOT NULL;

-- The outcomes read as one row per requirement, as before.
DROP VIEW outcome;
CREATE VIEW outcome AS
SELECT o.run_id, CASE o.level WHEN 1 THEN 'org' ELSE 'member' END AS level, o.subject, o.no,
	CASE v.value->>0 WHEN 'p' THEN 'pass' WHEN 'f' THEN 'fail' ELSE 'n/a' END AS status,
	nullif(v.value->1, 'null') AS value, nullif(v.value->2, 'null') AS target,
	v.value->>3 AS message, v.value->>4 AS points
FROM run_outcome o JOIN run_value v ON v.run_id = o.run_id AND v.part = o.no AND v.id = o.id;
