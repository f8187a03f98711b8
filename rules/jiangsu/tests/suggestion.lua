-- jiangsu.suggestion_1 (苏组通〔2014〕43号 二.2(3)): 每年提出1条以上可行性建议.

case "one suggestion in the year passes, adopted or not" {
  year = 2015,
  members = { { id = "M1" } },
  suggestions = { { member = "M1", date = "2015-12-31", content = "增设路灯", adopted = false } },
  expect = { M1 = { ["jiangsu.suggestion_1"] = "pass" } },
}

case "no suggestion fails" {
  year = 2015,
  members = { { id = "M1" } },
  expect = { M1 = { ["jiangsu.suggestion_1"] = "fail" } },
}

case "a suggestion of the year before does not count" {
  year = 2015,
  members = { { id = "M1" } },
  suggestions = { { member = "M1", date = "2014-12-31", content = "增设路灯" } },
  expect = { M1 = { ["jiangsu.suggestion_1"] = "fail" } },
}
