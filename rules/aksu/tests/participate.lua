-- aksu.participate (78号 二、三.1): at least min_activities (1) community
-- activities of any kind in the year, in the residence community or another.

case "one community activity in the year passes" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-12-31", "community_event", 2 },
  },
  expect = { M1 = { ["aksu.participate"] = "pass" } },
}

case "an activity in a 共驻共建 community counts too" {
  year = 2024,
  orgs = {
    { "code", "name", "kind" },
    { "C1", "柯柯牙社区", "community" },
    { "C2", "南城社区", "community" },
    { "U1", "阿克苏市财政局", "unit" },
  },
  members = { { id = "M1", community = "C1" } },
  activities = {
    { "member", "date", "kind", "hours", "community" },
    { "M1", "2024-05-01", "ethnic_unity", 1, "C2" },
  },
  expect = { M1 = { ["aksu.participate"] = "pass" } },
}

case "no activity in the year fails" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2023-12-31", "service", 2 },
  },
  expect = { M1 = { ["aksu.participate"] = "fail" } },
}
