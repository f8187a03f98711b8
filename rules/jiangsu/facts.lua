-- Facts the jiangsu pack reads (苏组通〔2014〕43号).
--
-- A service record counts only when complete: the 记录卡 (附件5) asks for
-- content, place, hours, a rating (优/良/一般) and a 认证签字, and 三.3 asks
-- for records that are 及时、完整、准确, so every activity fact filters on
-- the core's complete flag (content, place, hours > 0, rating, verifier).

-- Registration (三.1): the earliest ever made, in any community and of any
-- kind (二: residence, work place, paired or other liaison community).
fact "first_registration" { min = "date", of = "registration", within = "through" }

-- Posts claimed (二.2(1) 认领1个以上): a claim has no end, so it stands once made.
fact "claims" { count = "claim", within = "through" }

-- The year's service records (二.2(1)) and the figures 三.3 scores on.
fact "services" { count = "activity", where = { complete = true } }
fact "hours" { sum = "hours", of = "activity", where = { complete = true } }
fact "rated_excellent" { count = "activity", where = { complete = true, rating = "优" } }
fact "rated_good" { count = "activity", where = { complete = true, rating = "良" } }
fact "rated_fair" { count = "activity", where = { complete = true, rating = "一般" } }

-- 爱心时间银行 (三.3): verified hours carried across years and communities
-- (跨地区、跨部门的转移接续): every complete record up to the as-of date.
fact "bank_hours" { sum = "hours", of = "activity", within = "through", where = { complete = true } }

-- Suggestions (二.2(3) 每年提出1条以上).
fact "suggestions" { count = "suggestion" }

-- 群众反映 (三.3): the residents' ratings of the 微心愿 (居民点单, 三.2) the
-- member took and finished in the year.
fact "feedback_excellent" { count = "wish", on = "done", where = { is_done = true, rating = "优" } }
fact "feedback_good" { count = "wish", on = "done", where = { is_done = true, rating = "良" } }
fact "feedback_fair" { count = "wish", on = "done", where = { is_done = true, rating = "一般" } }
