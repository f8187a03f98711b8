-- Members who leave (转出, 调离) or die (去世): 凤组发〔2014〕42号 一 asks 所有
-- 在职党员 of the county's organs and enterprises, so a member is bound
-- through the day of leaving (see README.md).  报到 by 05-15 is n/a for a
-- member who left before it; the yearly minimums of 二(一)1-3 are for the
-- whole months bound, rounded up; months of a pairing after the last whole
-- month bound are not asked.

case "transferred out on 2023-12-31: not on the rolls in 2024, every duty n/a, no award" {
  year = 2024,
  members = { { id = "M1", status = "transferred_out", status_date = "2023-12-31" } },
  expect = { M1 = { ["fengxiang.report"] = "n/a", ["fengxiang.claim_post"] = "n/a",
    ["fengxiang.service_2_or_8h"] = "n/a", ["fengxiang.suggestion_1"] = "n/a",
    ["fengxiang.public_welfare_1"] = "n/a", ["fengxiang.pair_household"] = "n/a",
    ["fengxiang.service_model"] = "n/a", award = false } },
}

case "deceased in 2024: not evaluated" {
  year = 2024,
  members = { { id = "M1", status = "去世", status_date = "2024-08-08" } },
  expect = { M1 = { ["fengxiang.report"] = "n/a", ["fengxiang.service_2_or_8h"] = "n/a",
    award = false } },
}

case "left on 2024-05-14, the day before the deadline: report n/a" {
  year = 2024,
  members = { { id = "M1", status = "调离", status_date = "2024-05-14" } },
  expect = { M1 = { ["fengxiang.report"] = "n/a" } },
}

case "left on the deadline 2024-05-15 unregistered: report fails" {
  year = 2024,
  members = { { id = "M1", status = "调离", status_date = "2024-05-15" } },
  expect = { M1 = { ["fengxiang.report"] = "fail" } },
}

local FIVE = {
  { "member", "date", "kind", "hours" },
  { "M1", "2024-01-10", "service", 0.5 }, { "M1", "2024-02-10", "service", 0.5 },
  { "M1", "2024-03-10", "service", 0.5 }, { "M1", "2024-04-10", "service", 0.5 },
  { "M1", "2024-05-10", "service", 0.5 },
}

case "left on 2024-06-30, June's last day: 6 of 12 services asked, 5 (2.5 hours) fail" {
  year = 2024,
  params = { min_services = 12 },
  members = { { id = "M1", status = "transferred_out", status_date = "2024-06-30" } },
  activities = FIVE,
  expect = { M1 = { ["fengxiang.service_2_or_8h"] = "fail" } },
}

case "left on 2024-06-29: 5 of 12 services asked, 5 pass" {
  year = 2024,
  params = { min_services = 12 },
  members = { { id = "M1", status = "transferred_out", status_date = "2024-06-29" } },
  activities = FIVE,
  expect = { M1 = { ["fengxiang.service_2_or_8h"] = "pass" } },
}

case "left on 2024-06-30: 6 months ask 4 of 8 hours, one service of 4 hours passes" {
  year = 2024,
  params = { min_services = 12 },
  members = { { id = "M1", status = "transferred_out", status_date = "2024-06-30" } },
  activities = { { member = "M1", date = "2024-03-01", kind = "service", hours = 4 } },
  expect = { M1 = { ["fengxiang.service_2_or_8h"] = "pass" } },
}

case "left on 2024-06-30: one service of 3.5 hours fails the 4 asked" {
  year = 2024,
  params = { min_services = 12 },
  members = { { id = "M1", status = "transferred_out", status_date = "2024-06-30" } },
  activities = { { member = "M1", date = "2024-03-01", kind = "service", hours = 3.5 } },
  expect = { M1 = { ["fengxiang.service_2_or_8h"] = "fail" } },
}

case "left on 2024-07-01, a day past June: 6 months, one suggestion asked and missing fails" {
  year = 2024,
  members = { { id = "M1", status = "transferred_out", status_date = "2024-07-01" } },
  expect = { M1 = { ["fengxiang.suggestion_1"] = "fail", ["fengxiang.public_welfare_1"] = "fail" } },
}

case "left on 2024-03-31 with a pairing visited January to March: passes" {
  year = 2024,
  members = { { id = "M1", status = "transferred_out", status_date = "2024-03-31" } },
  pairings = { { member = "M1", household = "H1", household_kind = "孤寡老人",
    start = "2024-01-01" } },
  activities = {
    { "member", "date", "kind", "hours", "household" },
    { "M1", "2024-01-15", "visit", 1, "H1" },
    { "M1", "2024-02-15", "visit", 1, "H1" },
    { "M1", "2024-03-15", "visit", 1, "H1" },
  },
  expect = { M1 = { ["fengxiang.pair_household"] = "pass" } },
}

case "left on 2024-03-31 with no visit in March: fails" {
  year = 2024,
  members = { { id = "M1", status = "transferred_out", status_date = "2024-03-31" } },
  pairings = { { member = "M1", household = "H1", household_kind = "孤寡老人",
    start = "2024-01-01" } },
  activities = {
    { "member", "date", "kind", "hours", "household" },
    { "M1", "2024-01-15", "visit", 1, "H1" },
    { "M1", "2024-02-15", "visit", 1, "H1" },
  },
  expect = { M1 = { ["fengxiang.pair_household"] = "fail" } },
}
