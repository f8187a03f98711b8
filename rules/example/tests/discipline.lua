-- example.discipline (README §6): no recorded breach; a breach caps the
-- grade at 差 whatever the score.

case "no breach passes" {
  year = 2024,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2024-03-01" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-03-01", "service", 1 },
    { "M1", "2024-04-01", "service", 1 },
    { "M1", "2024-05-01", "service", 1 },
  },
  expect = { M1 = { ["example.discipline"] = "pass", award = true } },
}

case "a breach fails and caps the grade at 差" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-01-10", "service", 1 }, { "M1", "2024-02-10", "service", 1 },
    { "M1", "2024-03-10", "service", 1 }, { "M1", "2024-04-10", "service", 1 },
    { "M1", "2024-05-10", "service", 1 }, { "M1", "2024-06-10", "service", 1 },
    { "M1", "2024-07-10", "service", 1 }, { "M1", "2024-08-10", "service", 1 },
  },
  breaches = { { member = "M1", date = "2024-08-01", kind = "吃拿卡要" } },
  expect = { M1 = { ["example.discipline"] = "fail", score = 80, grade = "差", award = false } },
}
