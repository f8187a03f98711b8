-- huaian.feedback_sealed (淮安实施意见 四(二); 附表3): the community stamps
-- each member's 实绩反馈单 by 12月20日 (feedback_deadline), recorded as a
-- member event feedback_sealed.

case "stamped on the deadline: pass" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-09-01" } },
  member_events = { { member = "M1", date = "2024-12-20", kind = "feedback_sealed" } },
  expect = { M1 = { ["huaian.feedback_sealed"] = "pass" } },
}

case "stamped a day after the deadline: fail" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-09-01" } },
  member_events = { { member = "M1", date = "2024-12-21", kind = "反馈单盖章" } },
  expect = { M1 = { ["huaian.feedback_sealed"] = "fail" } },
}

case "never stamped by the year's end: fail" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-09-01" } },
  expect = { M1 = { ["huaian.feedback_sealed"] = "fail" } },
}

case "not stamped yet before the deadline: n/a, not due" {
  year = 2024,
  as_of = "2024-12-19",
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-09-01" } },
  expect = { M1 = { ["huaian.feedback_sealed"] = "n/a" } },
}

case "last year's stamp does not count for this year" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2023-09-01" } },
  member_events = { { member = "M1", date = "2023-12-10", kind = "feedback_sealed" } },
  expect = { M1 = { ["huaian.feedback_sealed"] = "fail" } },
}

case "a retired member: n/a" {
  year = 2024,
  members = { { id = "M1", status = "retired" } },
  expect = { M1 = { ["huaian.feedback_sealed"] = "n/a" } },
}
