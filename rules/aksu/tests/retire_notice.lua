-- aksu.retire_notice (78号 一): the unit notifies the community within 7
-- days (retire_notice_days) of a member's retirement, recorded as a member
-- event retire_notice.

case "in service: n/a" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { ["aksu.retire_notice"] = "n/a" } },
}

case "notified on the seventh day: pass" {
  year = 2024,
  members = { { id = "M1", status = "retired", status_date = "2024-03-01" } },
  member_events = { { member = "M1", date = "2024-03-08", kind = "retire_notice" } },
  expect = { M1 = { ["aksu.retire_notice"] = "pass", ["aksu.report"] = "n/a" } },
}

case "notified on the eighth day: fail" {
  year = 2024,
  members = { { id = "M1", status = "retired", status_date = "2024-03-01" } },
  member_events = { { member = "M1", date = "2024-03-09", kind = "退休告知" } },
  expect = { M1 = { ["aksu.retire_notice"] = "fail" } },
}

case "never notified: fail" {
  year = 2024,
  members = { { id = "M1", status = "retired", status_date = "2024-03-01" } },
  expect = { M1 = { ["aksu.retire_notice"] = "fail" } },
}

case "retired five days before the as-of date, not yet notified: n/a, not due" {
  year = 2024,
  as_of = "2024-03-06",
  members = { { id = "M1", status = "retired", status_date = "2024-03-01" } },
  expect = { M1 = { ["aksu.retire_notice"] = "n/a" } },
}

case "retired without a recorded date: n/a" {
  year = 2024,
  members = { { id = "M1", status = "retired" } },
  expect = { M1 = { ["aksu.retire_notice"] = "n/a" } },
}
