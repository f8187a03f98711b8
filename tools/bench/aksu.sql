-- aksu.sql: the year facts of rules/aksu/facts.lua as bare SQL over
-- baodao's own tables, in one statement: the floor `make bench` holds
-- `baodao evaluate --pack aksu` against.  @year is set by the caller
-- (.parameter set @year 2024); the period is the whole year, as of
-- 31 December.  The unit facts that count members by outcome need the
-- rules' verdicts and are left to the rules; the ledger has no rows in a
-- generated region but is summed all the same.
WITH p(lo, hi) AS (SELECT @year || '-01-01', @year || '-12-31'),
reg AS (
	SELECT r.member_id AS id, min(r.date) AS first_residence,
	    max(r.date) AS last_residence,
	    -- the latest residence registration (rows in date, id order)
	    (SELECT x.community_id FROM registration x
	      WHERE x.member_id = r.member_id AND x.kind = 'residence' AND x.date <= p.hi
	      ORDER BY x.date DESC, x.id DESC LIMIT 1) = m.community_id AS current_residence
	FROM p, registration r JOIN member m ON m.id = r.member_id
	WHERE r.date <= p.hi AND r.kind = 'residence' GROUP BY r.member_id),
cl AS (
	SELECT c.member_id AS id, count(*) AS posts
	FROM p, claim c JOIN post po ON po.id = c.post_id JOIN member m ON m.id = c.member_id
	WHERE c.date <= p.hi AND (po.community_id IS NULL OR po.community_id = m.community_id)
	GROUP BY c.member_id),
wi AS (
	SELECT member_id AS id, count(*) AS taken FROM p, wish_state
	WHERE step = 3 AND date BETWEEN p.lo AND p.hi GROUP BY member_id),
act AS (
	SELECT member_id AS id, count(*) AS activities FROM p, activity
	WHERE date BETWEEN p.lo AND p.hi GROUP BY member_id),
led AS (
	SELECT member_id AS id, sum(points) AS balance FROM p, ledger
	WHERE date <= p.hi GROUP BY member_id),
ev AS (
	SELECT member_id AS id,
	    min(CASE WHEN kind = 'retire_notice' THEN date END) AS retire_notified,
	    max(CASE WHEN kind = 'unit_change' THEN date END) AS last_unit_change
	FROM p, member_event WHERE date <= p.hi GROUP BY member_id)
SELECT m.code, reg.first_residence, coalesce(reg.current_residence, 0),
    coalesce(cl.posts, 0), coalesce(wi.taken, 0), coalesce(act.activities, 0),
    coalesce(led.balance, 0), ev.retire_notified, ev.last_unit_change, reg.last_residence
FROM member m
LEFT JOIN reg ON reg.id = m.id LEFT JOIN cl ON cl.id = m.id LEFT JOIN wi ON wi.id = m.id
LEFT JOIN act ON act.id = m.id LEFT JOIN led ON led.id = m.id LEFT JOIN ev ON ev.id = m.id
ORDER BY m.id;
