-- Members who leave (转出, 调离) or die (去世): 淮安实施意见 二 binds members
-- whose party relationship sits in the city's and counties' organs, so a
-- member is bound through the day of leaving (see README.md).  Dated
-- duties (四(二) 报到 by 09-20, 反馈单 by 12-20) whose day came after the
-- member left are n/a; the year-end one becomes the day of leaving;
-- jiangsu's yearly minimums, inherited, are for the whole months bound.

case "transferred out on 2023-12-31: not on the rolls in 2024, every duty n/a" {
  year = 2024,
  members = { { id = "M1", status = "transferred_out", status_date = "2023-12-31" } },
  expect = { M1 = { ["huaian.report_by"] = "n/a", ["huaian.claim_post"] = "n/a",
    ["huaian.unit_code"] = "n/a", ["huaian.feedback_sealed"] = "n/a",
    ["jiangsu.report"] = "n/a", ["jiangsu.services_2"] = "n/a",
    score = "none", stars = "none", award = false } },
}

case "deceased in 2024: not evaluated, not scored" {
  year = 2024,
  members = { { id = "M1", status = "deceased", status_date = "2024-10-02" } },
  registrations = { { member = "M1", date = "2024-03-01" } },
  expect = { M1 = { ["huaian.report_by"] = "n/a", ["jiangsu.report"] = "n/a",
    ["huaian.feedback_sealed"] = "n/a", score = "none", award = false } },
}

case "left on 2024-09-19, the day before the deadline, unregistered: report_by n/a" {
  year = 2024,
  members = { { id = "M1", status = "reassigned", status_date = "2024-09-19" } },
  expect = { M1 = { ["huaian.report_by"] = "n/a" } },
}

case "left on the deadline 2024-09-20, unregistered: report_by fails" {
  year = 2024,
  members = { { id = "M1", status = "reassigned", status_date = "2024-09-20" } },
  expect = { M1 = { ["huaian.report_by"] = "fail" } },
}

case "left on 2024-06-30, registered that day: jiangsu.report passes" {
  year = 2024,
  members = { { id = "M1", status = "transferred_out", status_date = "2024-06-30" } },
  registrations = { { member = "M1", date = "2024-06-30" } },
  expect = { M1 = { ["jiangsu.report"] = "pass", ["huaian.report_by"] = "n/a" } },
}

case "left on 2024-06-30, registered a day later: jiangsu.report fails" {
  year = 2024,
  members = { { id = "M1", status = "transferred_out", status_date = "2024-06-30" } },
  registrations = { { member = "M1", date = "2024-07-01" } },
  expect = { M1 = { ["jiangsu.report"] = "fail" } },
}

case "left on 2024-12-19, before the stamp deadline: feedback_sealed n/a" {
  year = 2024,
  members = { { id = "M1", status = "transferred_out", status_date = "2024-12-19" } },
  registrations = { { member = "M1", date = "2024-03-01" } },
  expect = { M1 = { ["huaian.feedback_sealed"] = "n/a" } },
}

case "left on 2024-12-20, unstamped: feedback_sealed fails" {
  year = 2024,
  members = { { id = "M1", status = "transferred_out", status_date = "2024-12-20" } },
  registrations = { { member = "M1", date = "2024-03-01" } },
  expect = { M1 = { ["huaian.feedback_sealed"] = "fail" } },
}

case "left on 2024-05-31 with one service: 5 months bound ask one, passes" {
  year = 2024,
  members = { { id = "M1", status = "transferred_out", status_date = "2024-05-31" } },
  activities = { { member = "M1", date = "2024-04-02", kind = "service", hours = 2 } },
  expect = { M1 = { ["jiangsu.services_2"] = "pass" } },
}

case "left on 2024-05-31 with no service: fails the one asked" {
  year = 2024,
  members = { { id = "M1", status = "transferred_out", status_date = "2024-05-31" } },
  expect = { M1 = { ["jiangsu.services_2"] = "fail" } },
}
