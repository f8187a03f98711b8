-- fengxiang.service_model (凤组发〔2014〕42号 二(一)5): 争当服务标兵 is no
-- pass/fail duty.  A member meeting the five duties of 二(一)1-4 is a
-- 服务标兵 candidate (pass, award true); anyone else is n/a (award false),
-- never fail.

case "all five duties met: a 服务标兵 candidate" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-03-01" } },
  posts = { { code = "C1-01", name = "扶贫帮困岗", category = "扶贫帮困", community = "C1" } },
  claims = { { member = "M1", post = "C1-01", date = "2024-03-01" } },
  suggestions = { { member = "M1", date = "2024-06-01", content = "增设路灯" } },
  pairings = { { member = "M1", household = "H1", household_kind = "孤寡老人",
    start = "2024-11-01" } },
  activities = {
    { "member", "date", "kind", "hours", "household" },
    { "M1", "2024-05-25", "public_welfare", 3, "" },
    { "M1", "2024-11-05", "visit", 1, "H1" },
    { "M1", "2024-12-05", "visit", 1, "H1" },
  },
  expect = { M1 = {
    ["fengxiang.report"] = "pass", ["fengxiang.claim_post"] = "pass",
    ["fengxiang.service_2_or_8h"] = "pass", ["fengxiang.suggestion_1"] = "pass",
    ["fengxiang.public_welfare_1"] = "pass", ["fengxiang.pair_household"] = "pass",
    ["fengxiang.service_model"] = "pass", award = true,
  } },
}

case "one month without a visit: no candidate, n/a and not fail" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-03-01" } },
  posts = { { code = "C1-01", name = "扶贫帮困岗", category = "扶贫帮困", community = "C1" } },
  claims = { { member = "M1", post = "C1-01", date = "2024-03-01" } },
  suggestions = { { member = "M1", date = "2024-06-01", content = "增设路灯" } },
  pairings = { { member = "M1", household = "H1", household_kind = "孤寡老人",
    start = "2024-11-01" } },
  activities = {
    { "member", "date", "kind", "hours", "household" },
    { "M1", "2024-05-25", "public_welfare", 3, "" },
    { "M1", "2024-11-05", "visit", 6, "H1" },
  },
  expect = { M1 = {
    ["fengxiang.service_2_or_8h"] = "pass", ["fengxiang.pair_household"] = "fail",
    ["fengxiang.service_model"] = "n/a", award = false,
  } },
}

case "no activity at all: n/a, not fail" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-03-01" } },
  expect = { M1 = { ["fengxiang.service_model"] = "n/a", award = false } },
}
