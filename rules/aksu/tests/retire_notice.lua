-- aksu.retire_notice (78号 一): the unit notifies the community within 7 days
-- of a member's retirement.  The records hold no notification, so the
-- requirement is n/a for everyone: in-service members are not bound, and
-- for retired members the message names the missing record.

case "an in-service member is n/a" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { ["aksu.retire_notice"] = "n/a" } },
}

case "a retired member cannot be judged without a notification record: n/a" {
  year = 2024,
  members = { { id = "M1", status = "retired", status_date = "2024-06-30" } },
  registrations = { { member = "M1", date = "2015-09-01" } },
  expect = { M1 = { ["aksu.retire_notice"] = "n/a", ["aksu.report"] = "n/a",
    ["aksu.claim_post"] = "n/a", ["aksu.claim_wish"] = "n/a",
    ["aksu.participate"] = "n/a", ["aksu.group_enrolled"] = "n/a" } },
}

case "a retired member without a retirement date: n/a" {
  year = 2024,
  members = { { id = "M1", status = "retired" } },
  expect = { M1 = { ["aksu.retire_notice"] = "n/a" } },
}
