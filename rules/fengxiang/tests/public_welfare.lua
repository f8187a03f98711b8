-- fengxiang.public_welfare_1 (凤组发〔2014〕42号 二(一)3): at least 1 社区公益,
-- 文化, 环境整治 or 治安管理 activity in the year: kinds public_welfare,
-- community_event, good_deed, culture, environment, public_security.

case "one public-welfare activity passes" {
  year = 2024,
  members = { { id = "M1" } },
  activities = { { member = "M1", date = "2024-05-11", kind = "public_welfare", hours = 2 } },
  expect = { M1 = { ["fengxiang.public_welfare_1"] = "pass" } },
}

case "one community-security patrol passes" {
  year = 2024,
  members = { { id = "M1" } },
  activities = { { member = "M1", date = "2024-07-01", kind = "public_security", hours = 2 } },
  expect = { M1 = { ["fengxiang.public_welfare_1"] = "pass" } },
}

case "one environment clean-up passes" {
  year = 2024,
  members = { { id = "M1" } },
  activities = { { member = "M1", date = "2024-07-01", kind = "environment", hours = 1 } },
  expect = { M1 = { ["fengxiang.public_welfare_1"] = "pass" } },
}

case "services and lectures only fail" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-03-01", "service", 4 },
    { "M1", "2024-04-01", "lecture", 2 },
  },
  expect = { M1 = { ["fengxiang.public_welfare_1"] = "fail",
    ["fengxiang.service_2_or_8h"] = "pass" } },
}

case "an unsigned public-welfare record fails" {
  year = 2024,
  members = { { id = "M1" } },
  activities = { { member = "M1", date = "2024-05-11", kind = "public_welfare", hours = 2,
    verifier = "" } },
  expect = { M1 = { ["fengxiang.public_welfare_1"] = "fail" } },
}
