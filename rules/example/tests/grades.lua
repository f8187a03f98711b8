-- Score, grades and stars: 10 points a service, 5 for each 优 rating, 10
-- for an adopted suggestion; 差 below 40, 一般 from 40, 好 from 80; stars
-- 1 to 5 from 0, 20, 40, 60, 80 points.

case "no service: 差 and one star" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { score = 0, grade = "差", stars = 1 } },
}

case "four services, one rated 优: 一般 and three stars" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours", "rating" },
    { "M1", "2024-03-01", "service", 1, "优" },
    { "M1", "2024-04-01", "service", 1 },
    { "M1", "2024-05-01", "lecture", 1 },
    { "M1", "2024-06-01", "public_welfare", 1 },
  },
  expect = { M1 = { score = 45, grade = "一般", stars = 3 } },
}

case "seven services and an adopted suggestion: 好 and five stars" {
  year = 2024,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-01-10", "service", 1 }, { "M1", "2024-02-10", "service", 1 },
    { "M1", "2024-03-10", "service", 1 }, { "M1", "2024-04-10", "service", 1 },
    { "M1", "2024-05-10", "service", 1 }, { "M1", "2024-06-10", "service", 1 },
    { "M1", "2024-07-10", "service", 1 },
  },
  suggestions = { { member = "M1", date = "2024-06-01", content = "增设路灯", adopted = true } },
  expect = { M1 = { score = 80, grade = "好", stars = 5 } },
}
