-- changji.sql: the year facts of rules/changji/facts.lua as bare SQL over
-- baodao's own tables, one statement for the members and one for the
-- branches: the floor `make bench` holds `baodao evaluate --pack changji`
-- against.  @year is set by the caller (.parameter set @year 2024); the
-- period is the whole year, as of 31 December.  The org facts that count
-- members by outcome (unbound, effective, graded_good) need the rules'
-- verdicts and are left to the rules.
WITH p(lo, hi) AS (SELECT @year || '-01-01', @year || '-12-31'),
act AS (
	SELECT a.member_id AS id,
	    sum(a.community_id = m.community_id AND a.verifier IS NOT NULL) AS residence_services,
	    sum(a.kind = 'lecture' AND a.verifier IS NOT NULL) AS lectures,
	    sum(a.kind = 'community_event' AND a.verifier IS NOT NULL) AS community_events
	FROM p, activity a JOIN member m ON m.id = a.member_id
	WHERE a.date BETWEEN p.lo AND p.hi
	GROUP BY a.member_id),
reg AS (
	SELECT r.member_id AS id, 1 AS residence_registered
	FROM p, registration r JOIN member m ON m.id = r.member_id
	WHERE r.date <= p.hi AND r.community_id = m.community_id
	GROUP BY r.member_id),
cl AS (
	SELECT member_id AS id, count(*) AS claims FROM p, claim
	WHERE date BETWEEN p.lo AND p.hi GROUP BY member_id),
wi AS (
	SELECT t.member_id AS id, count(*) AS wishes_done
	FROM p, wish_state t JOIN wish_state d ON d.wish_id = t.wish_id AND d.step = 4
	WHERE t.step = 3 AND t.date <= p.hi AND d.date BETWEEN p.lo AND p.hi
	GROUP BY t.member_id),
br AS (
	SELECT member_id AS id, count(*) AS breaches FROM p, breach
	WHERE date BETWEEN p.lo AND p.hi GROUP BY member_id)
SELECT m.code, coalesce(reg.residence_registered, 0), coalesce(act.residence_services, 0),
    coalesce(cl.claims, 0), coalesce(act.lectures, 0), coalesce(wi.wishes_done, 0),
    coalesce(act.community_events, 0), coalesce(br.breaches, 0)
FROM member m
LEFT JOIN act ON act.id = m.id LEFT JOIN reg ON reg.id = m.id LEFT JOIN cl ON cl.id = m.id
LEFT JOIN wi ON wi.id = m.id LEFT JOIN br ON br.id = m.id
ORDER BY m.id;

WITH p(lo, hi) AS (SELECT @year || '-01-01', @year || '-12-31')
SELECT o.code,
    (SELECT count(*) FROM org_event e WHERE e.org_id = o.id AND e.kind = 'four_lists'
        AND e.date <= p.hi) > 0,
    (SELECT count(*) FROM org_event e WHERE e.org_id = o.id AND e.kind = 'good_deed'
        AND e.date BETWEEN p.lo AND p.hi),
    (SELECT count(*) FROM org_event e WHERE e.org_id = o.id AND e.kind = 'ethnic_unity'
        AND e.date BETWEEN p.lo AND p.hi),
    (SELECT count(*) FROM org_event e WHERE e.org_id = o.id AND e.kind = 'theme_day'
        AND e.date BETWEEN p.lo AND p.hi),
    (SELECT count(*) FROM member x WHERE x.unit_id = o.id
        OR x.unit_id IN (SELECT id FROM org b WHERE b.parent_id = o.id))
FROM p, org o WHERE o.kind IN ('unit', 'branch') ORDER BY o.id;
