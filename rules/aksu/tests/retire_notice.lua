-- aksu.retire_notice (78号 一): the unit notifies the community within 7
-- days (retire_notice_days) of a member's retirement, recorded as a member
-- event retire_notice.  It is owed for a retirement on or after the notice
-- (retire_notice_from, 2015-08-20) by a member who reported to a community
-- while in service (在职时所报到的社区).

local reported = { { member = "M1", date = "2020-05-01" } }

case "in service: n/a" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { ["aksu.retire_notice"] = "n/a" } },
}

case "notified on the seventh day: pass" {
  year = 2024,
  members = { { id = "M1", status = "retired", status_date = "2024-03-01" } },
  registrations = reported,
  member_events = { { member = "M1", date = "2024-03-08", kind = "retire_notice" } },
  expect = { M1 = { ["aksu.retire_notice"] = "pass", ["aksu.report"] = "n/a" } },
}

case "notified on the eighth day: fail" {
  year = 2024,
  members = { { id = "M1", status = "retired", status_date = "2024-03-01" } },
  registrations = reported,
  member_events = { { member = "M1", date = "2024-03-09", kind = "退休告知" } },
  expect = { M1 = { ["aksu.retire_notice"] = "fail" } },
}

case "never notified: fail" {
  year = 2024,
  members = { { id = "M1", status = "retired", status_date = "2024-03-01" } },
  registrations = reported,
  expect = { M1 = { ["aksu.retire_notice"] = "fail" } },
}

case "retired five days before the as-of date, not yet notified: n/a, not due" {
  year = 2024,
  as_of = "2024-03-06",
  members = { { id = "M1", status = "retired", status_date = "2024-03-01" } },
  registrations = reported,
  expect = { M1 = { ["aksu.retire_notice"] = "n/a" } },
}

case "retired without a recorded date: n/a" {
  year = 2024,
  members = { { id = "M1", status = "retired" } },
  expect = { M1 = { ["aksu.retire_notice"] = "n/a" } },
}

case "retired on the day the notice took effect, reported, never notified: fail" {
  year = 2016,
  members = { { id = "M1", status = "retired", status_date = "2015-08-20" } },
  registrations = { { member = "M1", date = "2015-03-01" } },
  expect = { M1 = { ["aksu.retire_notice"] = "fail" } },
}

case "retired the day before the notice, reported, never notified: n/a" {
  year = 2016,
  members = { { id = "M1", status = "retired", status_date = "2015-08-19" } },
  registrations = { { member = "M1", date = "2015-03-01" } },
  expect = { M1 = { ["aksu.retire_notice"] = "n/a" } },
}

case "retired before the notice and never reported: n/a" {
  year = 2016,
  members = { { id = "M1", status = "retired", status_date = "2015-06-30" } },
  expect = { M1 = { ["aksu.retire_notice"] = "n/a" } },
}

case "retired after the notice but never reported while in service: n/a" {
  year = 2024,
  members = { { id = "M1", status = "retired", status_date = "2024-03-01" } },
  expect = { M1 = { ["aksu.retire_notice"] = "n/a" } },
}

case "reported on the day of retirement, never notified: fail" {
  year = 2024,
  members = { { id = "M1", status = "retired", status_date = "2024-03-01" } },
  registrations = { { member = "M1", date = "2024-03-01" } },
  expect = { M1 = { ["aksu.retire_notice"] = "fail" } },
}

case "first reported the day after retiring: n/a (not while in service)" {
  year = 2024,
  members = { { id = "M1", status = "retired", status_date = "2024-03-01" } },
  registrations = { { member = "M1", date = "2024-03-02" } },
  expect = { M1 = { ["aksu.retire_notice"] = "n/a" } },
}

case "a retirement date after the as-of date: still in service, no notice due" {
  year = 2024,
  as_of = "2024-06-30",
  members = { { id = "M1", status = "retired", status_date = "2024-07-01" } },
  registrations = reported,
  expect = { M1 = { ["aksu.retire_notice"] = "n/a" } },
}
