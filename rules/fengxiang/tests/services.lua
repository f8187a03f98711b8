-- fengxiang.service_2_or_8h (凤组发〔2014〕42号 二(一)1): at least 2 signed
-- activity records in the residence community in the year, or at least 8
-- hours of them.

case "exactly 2 services pass" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-03-01", "service", 1 },
    { "M1", "2024-04-01", "lecture", 1 },
  },
  expect = { M1 = { ["fengxiang.service_2_or_8h"] = "pass" } },
}

case "1 service of 7 hours fails" {
  year = 2024,
  members = { { id = "M1" } },
  activities = { { member = "M1", date = "2024-03-01", kind = "service", hours = 7 } },
  expect = { M1 = { ["fengxiang.service_2_or_8h"] = "fail" } },
}

case "1 service of 8 hours passes" {
  year = 2024,
  members = { { id = "M1" } },
  activities = { { member = "M1", date = "2024-03-01", kind = "service", hours = 8 } },
  expect = { M1 = { ["fengxiang.service_2_or_8h"] = "pass" } },
}

case "1 service of 7 h 59 min fails" {
  year = 2024,
  members = { { id = "M1" } },
  activities = { { member = "M1", date = "2024-03-01", kind = "service", hours = "7:59" } },
  expect = { M1 = { ["fengxiang.service_2_or_8h"] = "fail" } },
}

case "a record nobody signed does not count" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours", "verifier" },
    { "M1", "2024-03-01", "service", 1 },
    { "M1", "2024-04-01", "service", 1, "" },
  },
  expect = { M1 = { ["fengxiang.service_2_or_8h"] = "fail" } },
}

case "services of an earlier year do not count" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2023-11-01", "service", 4 },
    { "M1", "2023-12-01", "service", 4 },
  },
  expect = { M1 = { ["fengxiang.service_2_or_8h"] = "fail" } },
}

case "services in another community do not count" {
  year = 2024,
  orgs = {
    { "code", "name", "kind" },
    { "C1", "东大街社区", "community" },
    { "C2", "西大街社区", "community" },
    { "U1", "县财政局", "unit" },
  },
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours", "community" },
    { "M1", "2024-03-01", "service", 4, "C2" },
    { "M1", "2024-04-01", "service", 4, "C2" },
  },
  expect = { M1 = { ["fengxiang.service_2_or_8h"] = "fail" } },
}
