-- fengxiang.suggestion_1 (凤组发〔2014〕42号 二(一)2): at least 1 suggestion to
-- the community in the year; adoption is not required by default.

case "one suggestion, not adopted, passes" {
  year = 2024,
  members = { { id = "M1" } },
  suggestions = { { member = "M1", date = "2024-06-01", content = "增设路灯", adopted = false } },
  expect = { M1 = { ["fengxiang.suggestion_1"] = "pass" } },
}

case "no suggestion fails" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { ["fengxiang.suggestion_1"] = "fail" } },
}

case "a suggestion of the previous year fails" {
  year = 2024,
  members = { { id = "M1" } },
  suggestions = { { member = "M1", date = "2023-12-31", content = "增设路灯", adopted = true } },
  expect = { M1 = { ["fengxiang.suggestion_1"] = "fail" } },
}
