-- fengxiang.pair_household (凤组发〔2014〕42号 二(一)4): paired with a 贫困户,
-- 困难党员, 残疾人, 贫困学生 or 孤寡老人, and a record naming the household in
-- every month of the pairing that falls in the year.

case "a visit in every month of the pairing passes" {
  year = 2024,
  members = { { id = "M1" } },
  pairings = { { member = "M1", household = "H1", household_kind = "孤寡老人",
    start = "2024-01-01", ["end"] = "2024-03-31" } },
  activities = {
    { "member", "date", "kind", "hours", "household" },
    { "M1", "2024-01-15", "visit", 1, "H1" },
    { "M1", "2024-02-29", "visit", 1, "H1" },
    { "M1", "2024-03-01", "service", 1, "H1" },
  },
  expect = { M1 = { ["fengxiang.pair_household"] = "pass" } },
}

case "a month of the pairing with no visit fails" {
  year = 2024,
  members = { { id = "M1" } },
  pairings = { { member = "M1", household = "H1", household_kind = "残疾人",
    start = "2024-01-01", ["end"] = "2024-03-31" } },
  activities = {
    { "member", "date", "kind", "hours", "household" },
    { "M1", "2024-01-15", "visit", 1, "H1" },
    { "M1", "2024-03-15", "visit", 1, "H1" },
  },
  expect = { M1 = { ["fengxiang.pair_household"] = "fail" } },
}

case "a pairing from the previous year needs visits in every month of this one" {
  year = 2024,
  as_of = "2024-02-29",
  members = { { id = "M1" } },
  pairings = { { member = "M1", household = "H1", household_kind = "贫困学生",
    start = "2023-09-01" } },
  activities = {
    { "member", "date", "kind", "hours", "household" },
    { "M1", "2024-01-10", "visit", 1, "H1" },
    { "M1", "2024-02-10", "visit", 1, "H1" },
  },
  expect = { M1 = { ["fengxiang.pair_household"] = "pass" } },
}

case "no pairing fails" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { ["fengxiang.pair_household"] = "fail" } },
}

case "a household of another kind does not count" {
  year = 2024,
  members = { { id = "M1" } },
  pairings = { { member = "M1", household = "H1", household_kind = "普通居民",
    start = "2024-01-01", ["end"] = "2024-01-31" } },
  activities = { { member = "M1", date = "2024-01-15", kind = "visit", hours = 1, household = "H1" } },
  expect = { M1 = { ["fengxiang.pair_household"] = "fail" } },
}

case "a visit to another household does not count" {
  year = 2024,
  members = { { id = "M1" } },
  pairings = { { member = "M1", household = "H1", household_kind = "贫困户",
    start = "2024-01-01", ["end"] = "2024-01-31" } },
  activities = { { member = "M1", date = "2024-01-15", kind = "visit", hours = 1, household = "H2" } },
  expect = { M1 = { ["fengxiang.pair_household"] = "fail" } },
}
