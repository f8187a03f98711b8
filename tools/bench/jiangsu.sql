-- jiangsu.sql: the year facts of rules/jiangsu/facts.lua as bare SQL over
-- baodao's own tables, in one statement: the floor `make bench` holds
-- `baodao evaluate --pack jiangsu` against.  @year is set by the caller
-- (.parameter set @year 2024); the period is the whole year, as of
-- 31 December.  A record counts when complete (the activity table's
-- generated column); hours are summed as minutes.
WITH p(lo, hi) AS (SELECT @year || '-01-01', @year || '-12-31'),
act AS (
	SELECT a.member_id AS id,
	    sum(a.complete AND a.date >= p.lo) AS services,
	    sum(CASE WHEN a.complete AND a.date >= p.lo THEN a.minutes END) AS minutes,
	    sum(a.complete AND a.date >= p.lo AND a.rating = '优') AS rated_excellent,
	    sum(a.complete AND a.date >= p.lo AND a.rating = '良') AS rated_good,
	    sum(a.complete AND a.date >= p.lo AND a.rating = '一般') AS rated_fair,
	    sum(CASE WHEN a.complete THEN a.minutes END) AS bank_minutes
	FROM p, activity a WHERE a.date <= p.hi GROUP BY a.member_id),
reg AS (
	SELECT member_id AS id, min(date) AS first_registration FROM p, registration
	WHERE date <= p.hi GROUP BY member_id),
cl AS (SELECT member_id AS id, count(*) AS claims FROM p, claim
	WHERE date <= p.hi GROUP BY member_id),
su AS (SELECT member_id AS id, count(*) AS suggestions FROM p, suggestion
	WHERE date BETWEEN p.lo AND p.hi GROUP BY member_id),
wi AS (
	SELECT t.member_id AS id,
	    sum(r.rating = '优') AS feedback_excellent, sum(r.rating = '良') AS feedback_good,
	    sum(r.rating = '一般') AS feedback_fair
	FROM p, wish_state t JOIN wish_state d ON d.wish_id = t.wish_id AND d.step = 4
	JOIN wish_state r ON r.wish_id = t.wish_id AND r.step = 5
	WHERE t.step = 3 AND t.date <= p.hi AND d.date BETWEEN p.lo AND p.hi
	GROUP BY t.member_id)
SELECT m.code, reg.first_registration, coalesce(cl.claims, 0), coalesce(act.services, 0),
    coalesce(act.minutes, 0) / 60.0, coalesce(act.rated_excellent, 0),
    coalesce(act.rated_good, 0), coalesce(act.rated_fair, 0),
    coalesce(act.bank_minutes, 0) / 60.0, coalesce(su.suggestions, 0),
    coalesce(wi.feedback_excellent, 0), coalesce(wi.feedback_good, 0),
    coalesce(wi.feedback_fair, 0)
FROM member m
LEFT JOIN act ON act.id = m.id LEFT JOIN reg ON reg.id = m.id LEFT JOIN cl ON cl.id = m.id
LEFT JOIN su ON su.id = m.id LEFT JOIN wi ON wi.id = m.id
ORDER BY m.id;
