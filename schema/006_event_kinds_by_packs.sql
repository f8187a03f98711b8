-- 006_event_kinds_by_packs: the kinds of org_event and member_event are
-- words the rule packs declare (pack.conf: vocabulary "org_events.kind",
-- vocabulary "member_events.kind"), checked by import against the packs
-- installed.  The core no longer lists changji's, huaian's or aksu's
-- words: the CHECK keeps only the form every declared word has, a
-- lower-case identifier.  SQLite cannot alter a CHECK, so each table is
-- rebuilt with its rows (nothing references either table; their only
-- index is that of their UNIQUE constraint, rebuilt with them).

CREATE TABLE org_event_new (
	id          INTEGER PRIMARY KEY,
	org_id      INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	kind        TEXT NOT NULL CHECK (kind GLOB '[a-z]*' AND kind NOT GLOB '*[^a-z0-9_]*'),
	content     TEXT NOT NULL DEFAULT '',
	UNIQUE (org_id, date, kind, content)
);
INSERT INTO org_event_new (id, org_id, date, kind, content)
	SELECT id, org_id, date, kind, content FROM org_event;
DROP TABLE org_event;
ALTER TABLE org_event_new RENAME TO org_event;

CREATE TABLE member_event_new (
	id          INTEGER PRIMARY KEY,
	member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
	date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	kind        TEXT NOT NULL CHECK (kind GLOB '[a-z]*' AND kind NOT GLOB '*[^a-z0-9_]*'),
	note        TEXT,
	UNIQUE (member_id, date, kind)
);
INSERT INTO member_event_new (id, member_id, date, kind, note)
	SELECT id, member_id, date, kind, note FROM member_event;
DROP TABLE member_event;
ALTER TABLE member_event_new RENAME TO member_event;
