-- huaian.feedback_sealed (淮安实施意见 四(二); 附表3): 12月20日前社区盖章确认
-- the member's 实绩反馈单.  The records hold no 反馈单 and no date of its
-- stamp, so the pack cannot evaluate it: every member is n/a, whatever
-- service records there are.  No case can pass or fail it.

case "a member with verified service records: n/a, the 反馈单 is not kept" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-09-01" } },
  activities = {
    { "member", "date", "kind", "hours", "verifier" },
    { "M1", "2024-10-12", "service", 2, "社区书记" },
    { "M1", "2024-12-01", "service", 2, "社区书记" },
  },
  expect = { M1 = { ["huaian.feedback_sealed"] = "n/a" } },
}

case "a member who never served: still n/a, not fail" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { ["huaian.feedback_sealed"] = "n/a" } },
}

case "a retired member: n/a" {
  year = 2024,
  members = { { id = "M1", status = "retired" } },
  expect = { M1 = { ["huaian.feedback_sealed"] = "n/a" } },
}
