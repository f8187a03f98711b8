-- example.services (README §1): at least min_services complete services
-- (3 from 2024, 2 before) or at least min_hours (8) hours.  Activities
-- given without content, place, rating or verifier get defaults that make
-- them complete.

case "exactly 3 services in 2024 pass" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-03-01", "service", 1 },
    { "M1", "2024-04-01", "service", 1 },
    { "M1", "2024-05-01", "public_welfare", 1 },
  },
  expect = { M1 = { ["example.services"] = "pass", score = 30, stars = 2 } },
}

case "2 services and 2 hours fail in 2024" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-03-01", "service", 1 },
    { "M1", "2024-04-01", "service", 1 },
  },
  expect = { M1 = { ["example.services"] = "fail" } },
}

case "2 services were enough in 2023" {
  year = 2023,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2023-03-01", "service", 1 },
    { "M1", "2023-04-01", "service", 1 },
  },
  expect = { M1 = { ["example.services"] = "pass" } },
}

case "8 hours in 2 services pass" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-03-01", "service", 4 },
    { "M1", "2024-04-01", "service", 4 },
  },
  expect = { M1 = { ["example.services"] = "pass" } },
}

case "7 h 59 min in 2 services fail" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-03-01", "service", "4" },
    { "M1", "2024-04-01", "service", "3:59" },
  },
  expect = { M1 = { ["example.services"] = "fail" } },
}

case "an incomplete record does not count" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours", "verifier" },
    { "M1", "2024-03-01", "service", 1 },
    { "M1", "2024-04-01", "service", 1 },
    { "M1", "2024-05-01", "service", 1, "" },
  },
  expect = { M1 = { ["example.services"] = "fail" } },
}

case "an exempt member: n/a" {
  year = 2024,
  members = { { id = "M1", exempt = true, exempt_reason = "长期病休" } },
  expect = { M1 = { ["example.services"] = "n/a", ["example.report"] = "fail" } },
}
