-- huaian.report_by (淮安实施意见 四(二)): 9月20日前完成报到, the month-day
-- report_deadline applied to the evaluation year.  jiangsu.report is
-- overridden: the province's 2014-08-31 campaign date gives way to the
-- city's, and jiangsu.report asks only for a registration by 31 December.

case "2024: registered on 09-20 passes" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-09-20" } },
  expect = { M1 = { ["huaian.report_by"] = "pass", ["jiangsu.report"] = "pass" } },
}

case "2024: registered on 09-21 fails report_by but has reported for jiangsu" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-09-21" } },
  expect = { M1 = { ["huaian.report_by"] = "fail", ["jiangsu.report"] = "pass" } },
}

case "2014: registered on 09-15, after the province's 08-31, passes both" {
  year = 2014,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2014-09-15" } },
  expect = { M1 = { ["huaian.report_by"] = "pass", ["jiangsu.report"] = "pass" } },
}

case "2014: registered on 09-21 fails report_by" {
  year = 2014,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2014-09-21" } },
  expect = { M1 = { ["huaian.report_by"] = "fail", ["jiangsu.report"] = "pass" } },
}

case "never registered fails both and loses award eligibility" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { ["huaian.report_by"] = "fail", ["jiangsu.report"] = "fail",
    ["jiangsu.award_eligible"] = "fail", award = false } },
}

case "2016: a registration made in an earlier year still stands" {
  year = 2016,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2015-10-08" } },
  expect = { M1 = { ["huaian.report_by"] = "pass", ["jiangsu.report"] = "pass" } },
}

case "2017: registered on 2016-10-01, late for 2016, is on time for 2017" {
  year = 2017,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2016-10-01" } },
  expect = { M1 = { ["huaian.report_by"] = "pass" } },
}

case "2024 as of 09-19, not yet registered: not yet due, n/a" {
  year = 2024,
  as_of = "2024-09-19",
  members = { { id = "M1" } },
  expect = { M1 = { ["huaian.report_by"] = "n/a", ["jiangsu.report"] = "n/a" } },
}

case "2024 as of 09-20, not yet registered: due, fails; jiangsu.report waits for 31 December" {
  year = 2024,
  as_of = "2024-09-20",
  members = { { id = "M1" } },
  expect = { M1 = { ["huaian.report_by"] = "fail", ["jiangsu.report"] = "n/a" } },
}

case "2024: registered 2025-01-01 fails both" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2025-01-01" } },
  expect = { M1 = { ["huaian.report_by"] = "fail", ["jiangsu.report"] = "fail" } },
}

case "a leader registered at the liaison community (工作联系点社区) passes" {
  year = 2024,
  orgs = {
    { "code", "name", "kind" },
    { "C1", "居住社区", "community" },
    { "C2", "工作联系点社区", "community" },
    { "008.010", "淮安市市级机关工委", "unit" },
  },
  members = { { id = "M1", unit = "008.010", leader = "yes" } },
  registrations = { { member = "M1", community = "C2", date = "2024-09-10", kind = "liaison" } },
  expect = { M1 = { ["huaian.report_by"] = "pass", ["jiangsu.report"] = "pass" } },
}

case "a work-place registration (工作所在地社区) counts" {
  year = 2024,
  orgs = {
    { "code", "name", "kind" },
    { "C1", "居住社区", "community" },
    { "C2", "工作社区", "community" },
    { "U1", "单位", "unit" },
  },
  members = { { id = "M1" } },
  registrations = { { member = "M1", community = "C2", date = "2024-09-01", kind = "work" } },
  expect = { M1 = { ["huaian.report_by"] = "pass" } },
}

case "a registration with another community (其他社区) counts" {
  year = 2024,
  orgs = {
    { "code", "name", "kind" },
    { "C1", "居住社区", "community" },
    { "C3", "其他社区", "community" },
    { "U1", "单位", "unit" },
  },
  members = { { id = "M1" } },
  registrations = { { member = "M1", community = "C3", date = "2024-09-01", kind = "other" } },
  expect = { M1 = { ["huaian.report_by"] = "pass" } },
}

case "a retired member who never registered: n/a, never fail" {
  year = 2024,
  members = { { id = "M1", status = "retired" } },
  expect = { M1 = { ["huaian.report_by"] = "n/a", ["jiangsu.report"] = "n/a", award = true } },
}

case "a retired member who registered late voluntarily: still n/a" {
  year = 2024,
  members = { { id = "M1", status = "retired" } },
  registrations = { { member = "M1", date = "2024-11-02" } },
  expect = { M1 = { ["huaian.report_by"] = "n/a" } },
}

case "an exempt member: n/a" {
  year = 2024,
  members = { { id = "M1", exempt = "yes", exempt_reason = "长期病休" } },
  expect = { M1 = { ["huaian.report_by"] = "n/a", ["jiangsu.report"] = "n/a" } },
}

case "a 非公企业 member is encouraged, not bound, by the city; the province still binds" {
  year = 2024,
  members = { { id = "M1", unit_kind = "非公企业" } },
  expect = { M1 = { ["huaian.report_by"] = "n/a", ["huaian.claim_post"] = "n/a",
    ["huaian.unit_code"] = "n/a", ["jiangsu.report"] = "fail" } },
}

case "reported late in 2024 but met the basic duties: award eligibility kept" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-10-01" } },
  posts = { { code = "4", name = "便民服务奉献岗" } },
  claims = { { member = "M1", post = "4", date = "2024-10-01" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-10-12", "service", 2 },
    { "M1", "2024-11-09", "service", 2 },
  },
  suggestions = { { member = "M1", date = "2024-11-09", content = "增设便民服务点" } },
  expect = { M1 = { ["huaian.report_by"] = "fail", ["jiangsu.report"] = "pass",
    ["huaian.claim_post"] = "pass", ["jiangsu.award_eligible"] = "pass", award = true } },
}

case "a retirement date after the as-of date: still in service and bound" {
  year = 2024,
  as_of = "2024-10-31",
  members = { { id = "M1", status = "retired", status_date = "2024-11-01" } },
  expect = { M1 = { ["huaian.report_by"] = "fail", ["huaian.claim_post"] = "fail" } },
}

case "retired on the as-of date: n/a" {
  year = 2024,
  as_of = "2024-10-31",
  members = { { id = "M1", status = "retired", status_date = "2024-10-31" } },
  expect = { M1 = { ["huaian.report_by"] = "n/a", ["huaian.claim_post"] = "n/a" } },
}
