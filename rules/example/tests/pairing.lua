-- example.pairing (README §5): a visit in every month of the pairing that
-- falls in the year.  A visit is an activity of kind "visit" naming the
-- household.

case "a visit in every month of the pairing passes" {
  year = 2024,
  members = { { id = "M1" } },
  pairings = { { member = "M1", household = "H1", start = "2024-01-01", ["end"] = "2024-03-31" } },
  activities = {
    { "member", "date", "kind", "hours", "household" },
    { "M1", "2024-01-15", "visit", 1, "H1" },
    { "M1", "2024-02-15", "visit", 1, "H1" },
    { "M1", "2024-03-15", "visit", 1, "H1" },
  },
  expect = { M1 = { ["example.pairing"] = "pass" } },
}

case "a month without a visit fails" {
  year = 2024,
  members = { { id = "M1" } },
  pairings = { { member = "M1", household = "H1", start = "2024-01-01", ["end"] = "2024-03-31" } },
  activities = {
    { "member", "date", "kind", "hours", "household" },
    { "M1", "2024-01-15", "visit", 1, "H1" },
    { "M1", "2024-03-15", "visit", 1, "H1" },
  },
  expect = { M1 = { ["example.pairing"] = "fail" } },
}

case "a visit to another household does not count" {
  year = 2024,
  members = { { id = "M1" } },
  pairings = { { member = "M1", household = "H1", start = "2024-01-01", ["end"] = "2024-01-31" } },
  activities = { { member = "M1", date = "2024-01-15", kind = "visit", hours = 1, household = "H2" } },
  expect = { M1 = { ["example.pairing"] = "fail" } },
}

case "no pairing: n/a" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { ["example.pairing"] = "n/a" } },
}
