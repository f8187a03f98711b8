-- example.report (README §2): a registration on or before the deadline in
-- force that year.  In 2024 that is the yearly report_deadline, 09-20.

case "registered exactly on the deadline passes" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-09-20" } },
  expect = { M1 = { ["example.report"] = "pass" } },
}

case "registered the day after the deadline fails" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-09-21" } },
  expect = { M1 = { ["example.report"] = "fail", award = false } },
}

case "never registered fails" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { ["example.report"] = "fail" } },
}

case "a registration in an earlier year still counts" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2023-10-01" } },
  expect = { M1 = { ["example.report"] = "pass" } },
}

case "a retired member reports voluntarily: n/a" {
  year = 2024,
  members = {
    { "id", "name", "status" },
    { "M1", "张三", "retired" },
  },
  expect = { M1 = { ["example.report"] = "n/a", ["example.services"] = "n/a" } },
}
