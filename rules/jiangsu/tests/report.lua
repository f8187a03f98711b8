-- jiangsu.report (苏组通〔2014〕43号 二; 三.1): a registration with any
-- community by 2014-08-31 in 2014, by 31 December in any later year.

case "2014: registered on the campaign deadline passes" {
  year = 2014,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2014-08-31" } },
  expect = { M1 = { ["jiangsu.report"] = "pass" } },
}

case "2014: registered the day after the campaign deadline fails" {
  year = 2014,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2014-09-01" } },
  expect = { M1 = { ["jiangsu.report"] = "fail" } },
}

case "2014: never registered fails" {
  year = 2014,
  members = { { id = "M1" } },
  expect = { M1 = { ["jiangsu.report"] = "fail" } },
}

case "2014 as of 2014-08-15: not yet due, n/a" {
  year = 2014,
  as_of = "2014-08-15",
  members = { { id = "M1" } },
  expect = { M1 = { ["jiangsu.report"] = "n/a" } },
}

case "2014: a registration with the work-place community counts" {
  year = 2014,
  orgs = {
    { "code", "name", "kind" },
    { "C1", "居住社区", "community" },
    { "C2", "工作社区", "community" },
    { "U1", "单位", "unit" },
  },
  members = { { id = "M1" } },
  registrations = { { member = "M1", community = "C2", date = "2014-08-20", kind = "work" } },
  expect = { M1 = { ["jiangsu.report"] = "pass" } },
}

case "2015: the 2014 deadline no longer binds; registered on 31 December passes" {
  year = 2015,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2015-12-31" } },
  expect = { M1 = { ["jiangsu.report"] = "pass" } },
}

case "2015: registered on 1 January 2016 fails" {
  year = 2015,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2016-01-01" } },
  expect = { M1 = { ["jiangsu.report"] = "fail" } },
}

case "2016: a late 2014 registration still stands" {
  year = 2016,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2014-09-12" } },
  expect = { M1 = { ["jiangsu.report"] = "pass" } },
}

case "a retired member is outside the notice: n/a" {
  year = 2014,
  members = { { id = "M1", status = "retired" } },
  expect = { M1 = { ["jiangsu.report"] = "n/a", ["jiangsu.four_clear"] = "n/a",
    ["jiangsu.claim_post"] = "n/a", ["jiangsu.services_2"] = "n/a",
    ["jiangsu.suggestion_1"] = "n/a", ["jiangsu.award_eligible"] = "n/a", award = true } },
}

case "an exempt member: every duty n/a" {
  year = 2015,
  members = { { id = "M1", exempt = true, exempt_reason = "长期病休" } },
  expect = { M1 = { ["jiangsu.report"] = "n/a", ["jiangsu.four_clear"] = "n/a",
    ["jiangsu.claim_post"] = "n/a", ["jiangsu.services_2"] = "n/a",
    ["jiangsu.suggestion_1"] = "n/a", ["jiangsu.award_eligible"] = "n/a", award = true } },
}

case "a retirement date after the as-of date: still in service and bound" {
  year = 2024,
  as_of = "2024-10-31",
  members = { { id = "M1", status = "retired", status_date = "2024-11-01" } },
  expect = { M1 = { ["jiangsu.claim_post"] = "fail", ["jiangsu.services_2"] = "fail" } },
}

case "retired on the as-of date: n/a" {
  year = 2024,
  as_of = "2024-10-31",
  members = { { id = "M1", status = "retired", status_date = "2024-10-31" } },
  expect = { M1 = { ["jiangsu.claim_post"] = "n/a", ["jiangsu.services_2"] = "n/a" } },
}
