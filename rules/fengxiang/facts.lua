-- Facts of 凤组发〔2014〕42号: the registration, the post, the services and
-- the public-welfare activities of 二(一)1-3, the suggestions of 二(一)2 and
-- the pairing with a household of 二(一)4.  Service records count when the
-- residence community recorded and signed them (写实登记卡, 二(二)4 and 三.2).

-- 报到 (二(一), 三.1): the first registration with the member's present
-- residence community, in any year up to the as-of date.
fact "first_residence_registration" { min = "date", of = "registration", within = "through",
  where = { kind = "residence", in_residence = true } }

-- 认领一个服务岗位 (二(一)1): a post of the residence community or of the
-- whole county, claimed in any year up to the as-of date.
fact "claims" { count = "claim", within = "through", where = { in_residence = true } }

-- 每年至少参加2次以上或不少于8小时 (二(一)1): every kind of activity serving
-- residents, signed in the residence community's 写实登记卡.
fact "services" { count = "activity", where = { in_residence = true, verified = true } }
fact "service_hours" { sum = "hours", of = "activity", where = { in_residence = true, verified = true } }

-- 提出一条合理建议 (二(一)2).
fact "suggestions" { count = "suggestion" }
fact "adopted_suggestions" { count = "suggestion", where = { adopted = true } }

-- 参加一次公益活动 (二(一)3): 社区公益活动 (public_welfare), 社区文化活动
-- (community_event, culture), 社区环境整治 (environment), 社区治安管理
-- (public_security) and the 好事、实事 of the clause's first sentence
-- (good_deed).  culture, environment and public_security are this pack's
-- own activity kinds.
fact "public_welfare" { count = "activity", where = {
  kind = { "public_welfare", "community_event", "good_deed", "culture", "environment",
    "public_security" },
  in_residence = true, verified = true } }

-- 联系一户困难家庭 (二(一)4): pairings with a household of the five named
-- kinds that overlap the year, and the months of them without a visit.  Any
-- activity record naming the household is a visit to it.
fact "pairings" { count = "pairing", where = {
  household_kind = { "贫困户", "困难党员", "残疾人", "贫困学生", "孤寡老人" } } }
fact "unvisited_months" { unvisited_months = "pairing", where = {
  household_kind = { "贫困户", "困难党员", "残疾人", "贫困学生", "孤寡老人" } } }
