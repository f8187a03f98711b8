-- 011_check_lists: the CHECKs that list three or more words, on the
-- columns import writes row by row, written as comparisons.  SQLite
-- evaluates `x IN ('a','b','c')` by building a temporary b-tree of the
-- list for every row inserted, a quarter of the time of importing two
-- million activities; `x = 'a' OR x = 'b' OR x = 'c'` accepts and refuses
-- exactly the same values (NULL included) at the cost of the comparisons.
-- SQLite cannot alter a CHECK; as its documentation allows for a change
-- that every stored row still satisfies, the text of each table's
-- definition is edited in place (the rows, indexes and triggers stay as
-- they are).  A definition that no longer holds the old text is left
-- alone.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (rating IN (''优'',''良'',''一般''))',
       'CHECK (rating = ''优'' OR rating = ''良'' OR rating = ''一般'')')
 WHERE type = 'table' AND name IN ('activity', 'wish_state');
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (unit_kind IN (''机关'',''事业'',''企业'',''大专院校'',''非公企业'',''社会组织''))',
       'CHECK (unit_kind = ''机关'' OR unit_kind = ''事业'' OR unit_kind = ''企业'''
       || ' OR unit_kind = ''大专院校'' OR unit_kind = ''非公企业'' OR unit_kind = ''社会组织'')')
 WHERE type = 'table' AND name = 'member';
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (kind IN (''residence'',''work'',''liaison'',''other''))',
       'CHECK (kind = ''residence'' OR kind = ''work'' OR kind = ''liaison'' OR kind = ''other'')')
 WHERE type = 'table' AND name = 'registration';
PRAGMA writable_schema = RESET;

-- The natural key of an activity is held by a unique index instead of a
-- trigger that looked the key up before every insert: import looks it up
-- itself, and a trigger is a program of its own run per row.  The index
-- refuses the same rows (a missing community counts as one value, as the
-- trigger's IS did) and names itself in the message.
DROP TRIGGER IF EXISTS activity_unique;
CREATE UNIQUE INDEX IF NOT EXISTS "duplicate activity" ON activity(member_id, date, kind, content,
	coalesce(community_id, -1));
