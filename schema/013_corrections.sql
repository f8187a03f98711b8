-- 013_corrections: corrections with history (`baodao record`).
--
-- A member's or org's dated records (registrations, claims, activities,
-- suggestions, pairings, org_events, breaches, member_events) stay where
-- they are: an amend updates the row in place, a void sets its voided
-- time (UTC) and nothing reads it as a fact any more (facts filter
-- `voided IS NULL`).  A voided row keeps its natural key, so importing
-- the clerk's sheet again matches it and does not bring it back.
--
-- Each correction is one row of `correction`, never changed: who (the OS
-- user), when, why, what changed (the clerk's form of each field, old and
-- new) and the whole row as it was before (its stored form).  The subject
-- and date before and after say which runs may have read the record.
-- A member's request that a record of theirs be corrected is a
-- `correction_request`, open until it is accepted (with the correction
-- that carried it out) or rejected (with why).
--
-- `evaluate --as-recorded WHEN` reads the records as they stood at WHEN:
-- corrections made after it undone (the row's image before the first of
-- them), and rows imported after it left out.  Which rows those are is
-- told by `record_mark`: after each import that added rows of a kind, the
-- time and the kind's largest id (ids only grow); the rows there before
-- this migration count as recorded before any time.  A run evaluated so
-- keeps WHEN in run.as_recorded.

ALTER TABLE registration ADD COLUMN voided TEXT;
ALTER TABLE claim ADD COLUMN voided TEXT;
ALTER TABLE activity ADD COLUMN voided TEXT;
ALTER TABLE suggestion ADD COLUMN voided TEXT;
ALTER TABLE pairing ADD COLUMN voided TEXT;
ALTER TABLE org_event ADD COLUMN voided TEXT;
ALTER TABLE breach ADD COLUMN voided TEXT;
ALTER TABLE member_event ADD COLUMN voided TEXT;

-- The evaluation reads activities from this index alone: it carries
-- voided too, so that filtering them out costs no visit to the table.
DROP INDEX activity_scan;
CREATE INDEX activity_scan ON activity(member_id, date, kind, minutes, community_id,
	rating, complete, verifier IS NOT NULL, household, voided);

CREATE TABLE correction (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL,             -- the record kind: activities
	record_id   INTEGER NOT NULL,          -- the row of the kind's table
	action      TEXT NOT NULL CHECK (action IN ('amend','void')),
	at          TEXT NOT NULL,             -- UTC, YYYY-MM-DDTHH:MM:SSZ
	actor       TEXT NOT NULL,             -- the OS user
	reason      TEXT NOT NULL CHECK (reason <> ''),
	level       TEXT NOT NULL CHECK (level IN ('member','org')),
	subject     INTEGER NOT NULL,          -- member.id or org.id, before
	subject_new INTEGER NOT NULL,          -- and after
	date        TEXT NOT NULL,             -- the record's date, before
	date_new    TEXT NOT NULL,             -- and after
	label       TEXT NOT NULL,             -- its natural key, before: M001/2024-04-06/...
	changes     TEXT NOT NULL CHECK (json_valid(changes)),  -- {"date":["2024-04-06","2024-04-07"]}
	before      TEXT NOT NULL CHECK (json_valid(before))    -- the row as it was
);
CREATE INDEX correction_record ON correction(kind, record_id);
CREATE INDEX correction_subject ON correction(level, subject);
CREATE TRIGGER correction_kept BEFORE UPDATE ON correction
BEGIN
	SELECT RAISE(ABORT, 'a correction is history and is never changed');
END;

CREATE TABLE correction_request (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL,
	record_id   INTEGER NOT NULL,
	label       TEXT NOT NULL,             -- the record's natural key when asked
	member_id   INTEGER NOT NULL REFERENCES member(id),   -- who asked
	reason      TEXT NOT NULL CHECK (reason <> ''),
	at          TEXT NOT NULL,             -- entered, UTC
	actor       TEXT NOT NULL,             -- by whom (OS user)
	status      TEXT NOT NULL DEFAULT 'open'
	                CHECK (status IN ('open','accepted','rejected')),
	resolved_at TEXT,
	resolved_by TEXT,
	resolution  TEXT,                      -- why accepted or rejected
	correction_id INTEGER REFERENCES correction(id),
	CHECK ((status = 'open') = (resolved_at IS NULL)),
	CHECK (status <> 'accepted' OR correction_id IS NOT NULL)
);
CREATE INDEX correction_request_record ON correction_request(kind, record_id);

CREATE TABLE record_mark (
	kind        TEXT NOT NULL,             -- the record kind: activities
	at          TEXT NOT NULL,             -- UTC, when an import committed
	top         INTEGER NOT NULL           -- the kind's largest id then
);
CREATE INDEX record_mark_kind ON record_mark(kind, at);
INSERT INTO record_mark SELECT 'registrations', '0000-00-00T00:00:00Z', ifnull(max(id), 0) FROM registration;
INSERT INTO record_mark SELECT 'claims', '0000-00-00T00:00:00Z', ifnull(max(id), 0) FROM claim;
INSERT INTO record_mark SELECT 'activities', '0000-00-00T00:00:00Z', ifnull(max(id), 0) FROM activity;
INSERT INTO record_mark SELECT 'suggestions', '0000-00-00T00:00:00Z', ifnull(max(id), 0) FROM suggestion;
INSERT INTO record_mark SELECT 'pairings', '0000-00-00T00:00:00Z', ifnull(max(id), 0) FROM pairing;
INSERT INTO record_mark SELECT 'org_events', '0000-00-00T00:00:00Z', ifnull(max(id), 0) FROM org_event;
INSERT INTO record_mark SELECT 'breaches', '0000-00-00T00:00:00Z', ifnull(max(id), 0) FROM breach;
INSERT INTO record_mark SELECT 'member_events', '0000-00-00T00:00:00Z', ifnull(max(id), 0) FROM member_event;

ALTER TABLE run ADD COLUMN as_recorded TEXT;
