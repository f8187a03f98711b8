-- 004_member_event: dated facts about a member that the notices ask units
-- and communities to record, and that no other record holds:
--   feedback_sealed  the community stamped the member's 实绩反馈单 (淮安 四(二))
--   retire_notice    the unit told the community of the member's
--                    retirement (阿市党组发[2015]78号 一)
--   unit_change      the member changed unit or party affiliation, so a
--                    new registration is due (78号 一)

CREATE TABLE member_event (
	id          INTEGER PRIMARY KEY,
	member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
	date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	kind        TEXT NOT NULL CHECK (kind IN ('feedback_sealed','retire_notice','unit_change')),
	note        TEXT,
	UNIQUE (member_id, date, kind)
);
