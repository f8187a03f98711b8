-- fengxiang.sql: the year facts of rules/fengxiang/facts.lua as bare SQL
-- over baodao's own tables, in one statement: the floor `make bench`
-- holds `baodao evaluate --pack fengxiang` against.  @year is set by the
-- caller (.parameter set @year 2024); the period is the whole year, as of
-- 31 December.  A pairing's unvisited months are the months of it that
-- fall in the year less those with a record naming its household.
WITH p(lo, hi) AS (SELECT @year || '-01-01', @year || '-12-31'),
act AS (
	SELECT a.member_id AS id,
	    sum(a.community_id = m.community_id AND a.verifier IS NOT NULL) AS services,
	    sum(CASE WHEN a.community_id = m.community_id AND a.verifier IS NOT NULL
	        THEN a.minutes END) AS minutes,
	    sum(a.community_id = m.community_id AND a.verifier IS NOT NULL
	        AND a.kind IN ('public_welfare', 'community_event', 'good_deed', 'culture',
	            'environment', 'public_security')) AS public_welfare
	FROM p, activity a JOIN member m ON m.id = a.member_id
	WHERE a.date BETWEEN p.lo AND p.hi GROUP BY a.member_id),
reg AS (
	SELECT r.member_id AS id, min(r.date) AS first_residence_registration
	FROM p, registration r JOIN member m ON m.id = r.member_id
	WHERE r.date <= p.hi AND r.kind = 'residence' AND r.community_id = m.community_id
	GROUP BY r.member_id),
cl AS (
	SELECT c.member_id AS id, count(*) AS claims
	FROM p, claim c JOIN post po ON po.id = c.post_id JOIN member m ON m.id = c.member_id
	WHERE c.date <= p.hi AND (po.community_id IS NULL OR po.community_id = m.community_id)
	GROUP BY c.member_id),
su AS (SELECT member_id AS id, count(*) AS suggestions, sum(adopted) AS adopted
	FROM p, suggestion WHERE date BETWEEN p.lo AND p.hi GROUP BY member_id),
span AS (
	SELECT pa.member_id AS id, pa.household,
	    max(pa.start_date, p.lo) AS s, min(coalesce(pa.end_date, p.hi), p.hi) AS e
	FROM p, pairing pa
	WHERE pa.start_date <= p.hi AND (pa.end_date IS NULL OR pa.end_date >= p.lo)
	  AND pa.household_kind IN ('贫困户', '困难党员', '残疾人', '贫困学生', '孤寡老人')),
pair AS (
	SELECT span.id, count(*) AS pairings,
	    sum(CAST(substr(e, 6, 2) AS INTEGER) - CAST(substr(s, 6, 2) AS INTEGER) + 1
	        - (SELECT count(DISTINCT substr(a.date, 1, 7)) FROM activity a
	            WHERE a.member_id = span.id AND a.household = span.household
	              AND a.date BETWEEN substr(span.s, 1, 8) || '01' AND span.e)) AS unvisited
	FROM span GROUP BY span.id)
SELECT m.code, reg.first_residence_registration, coalesce(cl.claims, 0),
    coalesce(act.services, 0), coalesce(act.minutes, 0) / 60.0,
    coalesce(su.suggestions, 0), coalesce(su.adopted, 0), coalesce(act.public_welfare, 0),
    coalesce(pair.pairings, 0), coalesce(pair.unvisited, 0)
FROM member m
LEFT JOIN act ON act.id = m.id LEFT JOIN reg ON reg.id = m.id LEFT JOIN cl ON cl.id = m.id
LEFT JOIN su ON su.id = m.id LEFT JOIN pair ON pair.id = m.id
ORDER BY m.id;
