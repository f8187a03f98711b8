-- huaian.sql: the year facts of rules/huaian/facts.lua, which extends
-- jiangsu's, as bare SQL over baodao's own tables in one statement: the
-- floor `make bench` holds `baodao evaluate --pack huaian` against.
-- @year is set by the caller (.parameter set @year 2024); the period is
-- the whole year, as of 31 December.  jiangsu's facts, then the distinct
-- 附表1 posts claimed (by code, by category, by both) and the first
-- 实绩反馈单 stamp of the year.
WITH p(lo, hi) AS (SELECT @year || '-01-01', @year || '-12-31'),
cat(v) AS (VALUES ('1'), ('2'), ('3'), ('4'), ('5'), ('6'), ('7'), ('8'), ('9'), ('10'),
	('11'), ('12'), ('13'), ('14'), ('15'), ('党建工作指导岗'), ('社会组织服务岗'),
	('社情民意收集岗'), ('便民服务奉献岗'), ('帮困助残关爱岗'), ('就业援助指导岗'),
	('法制宣传教育岗'), ('医疗卫生保健岗'), ('环境卫生保洁岗'), ('公共设施维护岗'),
	('社会治安维护岗'), ('民事纠纷调解岗'), ('矫正对象帮教岗'), ('文明新风倡导岗'),
	('文体娱乐实践岗')),
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
cl AS (
	SELECT c.member_id AS id, count(*) AS claims,
	    count(DISTINCT CASE WHEN po.code IN (SELECT v FROM cat) AND po.code GLOB '[0-9]*'
	        THEN po.code END) AS coded,
	    count(DISTINCT CASE WHEN po.category IN (SELECT v FROM cat) THEN po.code END)
	        AS categorised,
	    count(DISTINCT CASE WHEN po.code IN (SELECT v FROM cat) AND po.code GLOB '[0-9]*'
	        AND po.category IN (SELECT v FROM cat) THEN po.code END) AS both_
	FROM p, claim c JOIN post po ON po.id = c.post_id
	WHERE c.date <= p.hi GROUP BY c.member_id),
su AS (SELECT member_id AS id, count(*) AS suggestions FROM p, suggestion
	WHERE date BETWEEN p.lo AND p.hi GROUP BY member_id),
wi AS (
	SELECT t.member_id AS id,
	    sum(r.rating = '优') AS feedback_excellent, sum(r.rating = '良') AS feedback_good,
	    sum(r.rating = '一般') AS feedback_fair
	FROM p, wish_state t JOIN wish_state d ON d.wish_id = t.wish_id AND d.step = 4
	JOIN wish_state r ON r.wish_id = t.wish_id AND r.step = 5
	WHERE t.step = 3 AND t.date <= p.hi AND d.date BETWEEN p.lo AND p.hi
	GROUP BY t.member_id),
ev AS (
	SELECT member_id AS id, min(date) AS feedback_sealed FROM p, member_event
	WHERE kind = 'feedback_sealed' AND date BETWEEN p.lo AND p.hi GROUP BY member_id)
SELECT m.code, reg.first_registration, coalesce(cl.claims, 0), coalesce(act.services, 0),
    coalesce(act.minutes, 0) / 60.0, coalesce(act.rated_excellent, 0),
    coalesce(act.rated_good, 0), coalesce(act.rated_fair, 0),
    coalesce(act.bank_minutes, 0) / 60.0, coalesce(su.suggestions, 0),
    coalesce(wi.feedback_excellent, 0), coalesce(wi.feedback_good, 0),
    coalesce(wi.feedback_fair, 0),
    coalesce(cl.coded, 0), coalesce(cl.categorised, 0), coalesce(cl.both_, 0),
    ev.feedback_sealed
FROM member m
LEFT JOIN act ON act.id = m.id LEFT JOIN reg ON reg.id = m.id LEFT JOIN cl ON cl.id = m.id
LEFT JOIN su ON su.id = m.id LEFT JOIN wi ON wi.id = m.id LEFT JOIN ev ON ev.id = m.id
ORDER BY m.id;
