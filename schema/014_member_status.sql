-- 014_member_status: members who leave or change (issue 13, items 2 and 7).
--
-- A member's status widens from in service and retired to the ways a
-- member leaves the organisation: transferred_out (转出, the party
-- relationship moved elsewhere), deceased (去世) and reassigned (调离, moved
-- to a post outside the region's units).  status_date is the day of the
-- change.  As in 011, the CHECK is widened by editing the table's text in
-- place: every stored row still satisfies the new one.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (status IN (''in_service'',''retired''))',
       'CHECK (status = ''in_service'' OR status = ''retired'' OR status = ''transferred_out'''
       || ' OR status = ''deceased'' OR status = ''reassigned'')')
 WHERE type = 'table' AND name = 'member';
PRAGMA writable_schema = RESET;

-- purged: the day `baodao purge` removed the member's personal data; the
-- row, its unit, status and dates and every record stay, so past forms
-- and run summaries still add up.
ALTER TABLE member ADD COLUMN purged TEXT
	CHECK (purged GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');

-- A member's records are kept: a member is never deleted (the records'
-- ON DELETE CASCADE would take them along); one who leaves gets a status.
CREATE TRIGGER member_keep BEFORE DELETE ON member
BEGIN
	SELECT RAISE(ABORT, 'a member is never deleted: record a status (转出, 去世, 调离) with its date');
END;

-- Status, unit and residence community as they stood from valid_from on,
-- one row per change, appended by import and never changed: the member
-- row holds the latest.  valid_from NULL: since before anything on record
-- (the state a member was first imported with, or held at this migration).
CREATE TABLE member_history (
	id          INTEGER PRIMARY KEY,
	member_id   INTEGER NOT NULL REFERENCES member(id),
	valid_from  TEXT CHECK (valid_from GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	status      TEXT NOT NULL,
	status_date TEXT,
	unit_id     INTEGER NOT NULL REFERENCES org(id),
	community_id INTEGER REFERENCES org(id),
	recorded    TEXT NOT NULL,             -- when, UTC
	actor       TEXT NOT NULL,             -- the OS user
	file        TEXT                       -- the file imported
);
CREATE INDEX member_history_member ON member_history(member_id, id);
CREATE TRIGGER member_history_update BEFORE UPDATE ON member_history
BEGIN
	SELECT RAISE(ABORT, 'member history is never changed');
END;
CREATE TRIGGER member_history_delete BEFORE DELETE ON member_history
BEGIN
	SELECT RAISE(ABORT, 'member history is never changed');
END;

INSERT INTO member_history (member_id, valid_from, status, status_date, unit_id,
	community_id, recorded, actor)
SELECT id, NULL, status, status_date, unit_id, community_id,
	strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'migration 014'
  FROM member ORDER BY id;
