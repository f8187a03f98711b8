-- Facts the aksu pack reads (阿市党组发[2015]78号 and the 柯柯牙 notice).

-- 报到 (柯柯牙 二(一), 78号 一): the first residence registration ever made,
-- for the deadline, and whether the latest residence registration is with
-- the community the member lives in now, so that a move without a new
-- registration (居住地有变动的，需重新到社区报到) is caught.
fact "first_residence_registration" { min = "date", of = "registration", within = "through",
  where = { kind = "residence" } }
fact "current_residence_registration" { latest = "in_residence", of = "registration",
  within = "through", where = { kind = "residence" }, default = false }

-- 认岗 (柯柯牙 二(二), 78号 二): a post of the residence community (or of the
-- whole region) claimed up to the as-of date; a claim stands until it is
-- replaced, so earlier years count.
fact "posts_claimed" { count = "claim", within = "through", where = { in_residence = true } }

-- 接单 (78号 二): 微心愿 taken by the member in the year, by the day taken.
fact "wishes_taken" { count = "wish" }

-- 参与社区活动 (78号 二): activities of every kind in the year, in the
-- residence community (为主) or a 共驻共建 community (为辅).
fact "activities" { count = "activity" }

-- 爱心银行储蓄卡 (78号 二, 三.4): the points balance.  No requirement reads
-- it (the notices set no threshold); it is kept so explain can show it
-- once ledger rows can be imported.
fact "love_bank_balance" { sum = "points", of = "ledger", within = "through" }

-- Unit level (78号 二: 100% of the unit's members): members who passed and
-- who failed each member requirement; n/a members are outside the rate.
fact "report_passed" { count = "member", where = { passed = "aksu.report" } }
fact "report_failed" { count = "member", where = { failed = "aksu.report" } }
fact "claim_post_passed" { count = "member", where = { passed = "aksu.claim_post" } }
fact "claim_post_failed" { count = "member", where = { failed = "aksu.claim_post" } }
fact "claim_wish_passed" { count = "member", where = { passed = "aksu.claim_wish" } }
fact "claim_wish_failed" { count = "member", where = { failed = "aksu.claim_wish" } }
fact "participate_passed" { count = "member", where = { passed = "aksu.participate" } }
fact "participate_failed" { count = "member", where = { failed = "aksu.participate" } }

-- 78号 一: the unit's notice of a member's retirement to the community, and
-- a change of unit or party affiliation (after which a new registration is
-- due), both recorded as member events.
fact "retire_notified" { min = "date", of = "member_event", within = "through", where = { kind = "retire_notice" } }
fact "last_unit_change" { max = "date", of = "member_event", within = "through", where = { kind = "unit_change" } }
-- 78号 一 "在职时所报到的社区": the first registration of any kind, so
-- that a member who never reported before retiring owes no notice.
fact "first_registration" { min = "date", of = "registration", within = "through" }
fact "last_residence_registration" { max = "date", of = "registration", within = "through", where = { kind = "residence" } }
