-- aksu.report (柯柯牙 二(一)、四(二); 78号 一): a residence registration by
-- 2015-09-10 in 2015, by 31 December in other years, the latest of which is
-- with the present residence community.

case "registered on the campaign deadline passes" {
  year = 2015,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2015-09-10" } },
  expect = { M1 = { ["aksu.report"] = "pass" } },
}

case "registered the day after the campaign deadline fails" {
  year = 2015,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2015-09-11" } },
  expect = { M1 = { ["aksu.report"] = "fail" } },
}

case "not yet registered before the campaign deadline: n/a" {
  year = 2015,
  as_of = "2015-09-09",
  members = { { id = "M1" } },
  expect = { M1 = { ["aksu.report"] = "n/a" } },
}

case "not registered on the deadline day fails" {
  year = 2015,
  as_of = "2015-09-10",
  members = { { id = "M1" } },
  expect = { M1 = { ["aksu.report"] = "fail" } },
}

case "in a later year a registration on 31 December passes" {
  year = 2016,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2016-12-31" } },
  expect = { M1 = { ["aksu.report"] = "pass" } },
}

case "a registration of an earlier year still counts" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2015-09-01" } },
  expect = { M1 = { ["aksu.report"] = "pass" } },
}

case "never registered fails" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { ["aksu.report"] = "fail" } },
}

case "a residence change without a new registration fails" {
  year = 2024,
  orgs = {
    { "code", "name", "kind" },
    { "C1", "柯柯牙社区", "community" },
    { "C2", "南城社区", "community" },
    { "U1", "阿克苏市财政局", "unit" },
  },
  members = { { id = "M1", community = "C2" } },
  registrations = { { member = "M1", community = "C1", date = "2015-09-01" } },
  expect = { M1 = { ["aksu.report"] = "fail" } },
}

case "a new registration after the move passes" {
  year = 2024,
  orgs = {
    { "code", "name", "kind" },
    { "C1", "柯柯牙社区", "community" },
    { "C2", "南城社区", "community" },
    { "U1", "阿克苏市财政局", "unit" },
  },
  members = { { id = "M1", community = "C2" } },
  registrations = {
    { member = "M1", community = "C1", date = "2015-09-01" },
    { member = "M1", community = "C2", date = "2024-04-01" },
  },
  expect = { M1 = { ["aksu.report"] = "pass" } },
}

case "a registration with the work community is not a residence registration" {
  year = 2024,
  orgs = {
    { "code", "name", "kind" },
    { "C1", "柯柯牙社区", "community" },
    { "C2", "南城社区", "community" },
    { "U1", "阿克苏市财政局", "unit" },
  },
  members = { { id = "M1", community = "C1" } },
  registrations = { { member = "M1", community = "C2", date = "2024-03-01", kind = "work" } },
  expect = { M1 = { ["aksu.report"] = "fail" } },
}

case "a retired member is n/a" {
  year = 2024,
  members = { { id = "M1", status = "retired", status_date = "2023-06-30" } },
  expect = { M1 = { ["aksu.report"] = "n/a" } },
}

case "registered after the 2015 deadline passes in 2016" {
  year = 2016,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2015-10-08" } },
  expect = { M1 = { ["aksu.report"] = "pass" } },
}

case "a change of unit after the registration without a new one: fail" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-03-01" } },
  member_events = { { member = "M1", date = "2024-06-01", kind = "unit_change" } },
  expect = { M1 = { ["aksu.report"] = "fail" } },
}

case "registered again after the change of unit: pass" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-03-01" }, { member = "M1", date = "2024-06-10" } },
  member_events = { { member = "M1", date = "2024-06-01", kind = "单位变动" } },
  expect = { M1 = { ["aksu.report"] = "pass" } },
}
