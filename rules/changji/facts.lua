-- Facts the changji pack reads (昌州建党〔2023〕69号).  An activity counts
-- when the community signed it (verified, 认证签字): the notice prints no
-- record card, so the other fields of a Jiangsu 记录卡 are not asked for.

-- Member level, 二(二)6-7 and 三(二).
fact "residence_registered" { any = "registration", within = "through",
  where = { in_residence = true } }
fact "residence_services" { count = "activity", where = { in_residence = true, verified = true } }
fact "claims" { count = "claim" }
fact "lectures" { count = "activity", where = { kind = "lecture", verified = true } }
fact "wishes_done" { count = "wish", on = "done" }
fact "community_events" { count = "activity", where = { kind = "community_event", verified = true } }
fact "breaches" { count = "breach" }
-- 二(二)6 到单位联系社区开展服务: signed activities in the community the
-- member's branch is designated to (or its unit is paired with).
fact "liaison_services" { count = "activity", where = { in_liaison = true, verified = true } }

-- Branch and unit level, 二(一)2, 二(一)4, 二(二)6 and 二(二)8.
fact "four_lists" { any = "org_event", within = "through", where = { kind = "four_lists" } }
fact "good_deeds" { count = "org_event", where = { kind = "good_deed" } }
fact "ethnic_unity" { count = "org_event", where = { kind = "ethnic_unity" } }
fact "theme_days" { count = "org_event", where = { kind = "theme_day" } }
-- 二(一)5 述职: the branch's report records of the year.
fact "branch_reports" { count = "org_event", where = { kind = "report" } }
fact "members" { count = "member" }
fact "unbound" { count = "member", where = { na = "changji.residence_services_4" } }
fact "effective" { count = "member", where = { passed = "changji.residence_services_4" } }
fact "graded_good" { count = "member", where = { grade = { "好", "较好" } } }
