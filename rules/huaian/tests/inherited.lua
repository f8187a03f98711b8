-- jiangsu's requirements, score and stars hold in Huai'an as they are
-- (苏组通〔2014〕43号): these cases check that huaian inherits them.

case "四清 complete passes jiangsu.four_clear" {
  year = 2024,
  members = { { id = "M1", address = "清安路12号", interests = "书法", willingness = "愿意" } },
  registrations = { { member = "M1", date = "2024-09-01" } },
  expect = { M1 = { ["jiangsu.four_clear"] = "pass" } },
}

case "四清 without a service willingness fails jiangsu.four_clear" {
  year = 2024,
  members = { { id = "M1", address = "清安路12号", interests = "书法" } },
  registrations = { { member = "M1", date = "2024-09-01" } },
  expect = { M1 = { ["jiangsu.four_clear"] = "fail" } },
}

case "exactly 2 complete services pass jiangsu.services_2" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-10-12", "service", 1 },
    { "M1", "2024-11-09", "public_welfare", "0:30" },
  },
  expect = { M1 = { ["jiangsu.services_2"] = "pass" } },
}

case "1 complete and 1 unverified service fail jiangsu.services_2" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours", "verifier" },
    { "M1", "2024-10-12", "service", 1, "社区书记" },
    { "M1", "2024-11-09", "service", 1, "" },
  },
  expect = { M1 = { ["jiangsu.services_2"] = "fail" } },
}

case "one suggestion passes jiangsu.suggestion_1" {
  year = 2024,
  members = { { id = "M1" } },
  suggestions = { { member = "M1", date = "2024-12-31", content = "增设路灯" } },
  expect = { M1 = { ["jiangsu.suggestion_1"] = "pass" } },
}

case "a suggestion of the year before fails jiangsu.suggestion_1" {
  year = 2024,
  members = { { id = "M1" } },
  suggestions = { { member = "M1", date = "2023-12-31", content = "增设路灯" } },
  expect = { M1 = { ["jiangsu.suggestion_1"] = "fail" } },
}

-- 2 records x 5 + 3 hours x 1 + one 优 x 3 + one 良 x 1 = 17: two stars.
case "jiangsu's points and stars hold" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours", "rating" },
    { "M1", "2024-10-12", "service", 2, "优" },
    { "M1", "2024-11-09", "service", 1, "良" },
  },
  expect = { M1 = { score = 17, stars = 2 } },
}
