-- fengxiang.report (凤组发〔2014〕42号 三.1): a registration with the present
-- residence community on or before report_deadline (05-15) of the year.
-- Scope (一): in-service members living in a county-town community.

case "registered on the deadline passes" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-05-15" } },
  expect = { M1 = { ["fengxiang.report"] = "pass" } },
}

case "registered the day after the deadline fails" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-05-16" } },
  expect = { M1 = { ["fengxiang.report"] = "fail" } },
}

case "not yet registered before the deadline: n/a" {
  year = 2024,
  as_of = "2024-05-14",
  members = { { id = "M1" } },
  expect = { M1 = { ["fengxiang.report"] = "n/a" } },
}

case "not registered when the deadline day ends fails" {
  year = 2024,
  as_of = "2024-05-15",
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-05-16" } },
  expect = { M1 = { ["fengxiang.report"] = "fail" } },
}

case "never registered fails" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { ["fengxiang.report"] = "fail" } },
}

case "a registration of an earlier year still counts" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2023-09-01" } },
  expect = { M1 = { ["fengxiang.report"] = "pass" } },
}

case "a residence change without a new registration fails" {
  year = 2024,
  orgs = {
    { "code", "name", "kind" },
    { "C1", "东大街社区", "community" },
    { "C2", "西大街社区", "community" },
    { "U1", "县财政局", "unit" },
  },
  members = { { id = "M1", community = "C2" } },
  registrations = { { member = "M1", community = "C1", date = "2023-04-01" } },
  expect = { M1 = { ["fengxiang.report"] = "fail" } },
}

case "a registration with the work community is not a residence registration" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-03-01", kind = "work" } },
  expect = { M1 = { ["fengxiang.report"] = "fail" } },
}

case "a retired member is outside the notice: every duty n/a" {
  year = 2024,
  members = {
    { "id", "name", "status" },
    { "M1", "张三", "retired" },
  },
  expect = { M1 = {
    ["fengxiang.report"] = "n/a", ["fengxiang.claim_post"] = "n/a",
    ["fengxiang.service_2_or_8h"] = "n/a", ["fengxiang.suggestion_1"] = "n/a",
    ["fengxiang.public_welfare_1"] = "n/a", ["fengxiang.pair_household"] = "n/a",
    ["fengxiang.service_model"] = "n/a", award = false,
  } },
}

case "an exempt member: every duty n/a" {
  year = 2024,
  members = { { id = "M1", exempt = true, exempt_reason = "长期病休" } },
  expect = { M1 = {
    ["fengxiang.report"] = "n/a", ["fengxiang.claim_post"] = "n/a",
    ["fengxiang.service_2_or_8h"] = "n/a", ["fengxiang.suggestion_1"] = "n/a",
    ["fengxiang.public_welfare_1"] = "n/a", ["fengxiang.pair_household"] = "n/a",
    ["fengxiang.service_model"] = "n/a",
  } },
}

case "a member with no residence community is outside the notice" {
  year = 2024,
  members = { { id = "M1", community = "" } },
  expect = { M1 = { ["fengxiang.report"] = "n/a", ["fengxiang.pair_household"] = "n/a" } },
}

case "a retirement date after the as-of date: still in service and bound" {
  year = 2024,
  as_of = "2024-10-31",
  members = { { id = "M1", status = "retired", status_date = "2024-11-01" } },
  expect = { M1 = { ["fengxiang.report"] = "fail", ["fengxiang.claim_post"] = "fail" } },
}

case "retired on the as-of date: n/a" {
  year = 2024,
  as_of = "2024-10-31",
  members = { { id = "M1", status = "retired", status_date = "2024-10-31" } },
  expect = { M1 = { ["fengxiang.report"] = "n/a", ["fengxiang.claim_post"] = "n/a" } },
}
