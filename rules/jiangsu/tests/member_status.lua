-- Members who leave (转出, 调离) or die (去世): 苏组通〔2014〕43号 二 binds the
-- in-service members whose party relationship sits in their unit, so a
-- member is bound through the day of leaving.  The pack's reading (see
-- README.md): not on the rolls in a year begun after it or with no whole
-- month served; yearly minimums for the whole months bound, rounded up;
-- a campaign deadline after the day of leaving never bound the member,
-- a year-end one becomes the day of leaving; a deceased member is not
-- evaluated or scored.

local ALL_NA = { ["jiangsu.report"] = "n/a", ["jiangsu.four_clear"] = "n/a",
  ["jiangsu.claim_post"] = "n/a", ["jiangsu.services_2"] = "n/a",
  ["jiangsu.suggestion_1"] = "n/a", ["jiangsu.award_eligible"] = "n/a",
  score = "none", stars = "none", award = false }

local function services(n)
  local t = { { "member", "date", "kind", "hours" } }
  for i = 1, n do t[#t + 1] = { "M1", string.format("2015-%02d-10", i), "service", 2 } end
  return t
end

case "transferred out on 2014-12-31: not on the rolls in 2015, nothing evaluated, no score" {
  year = 2015,
  members = { { id = "M1", status = "transferred_out", status_date = "2014-12-31" } },
  expect = { M1 = ALL_NA },
}

case "transferred out on 2015-01-01: bound in 2015 but no whole month, not evaluated" {
  year = 2015,
  members = { { id = "M1", status = "转出", status_date = "2015-01-01" } },
  expect = { M1 = ALL_NA },
}

case "deceased during the year: not evaluated, not scored, no award" {
  year = 2015,
  members = { { id = "M1", status = "去世", status_date = "2015-09-01" } },
  registrations = { { member = "M1", date = "2015-03-01" } },
  activities = services(3),
  expect = { M1 = ALL_NA },
}

case "reassigned on 2015-01-31: one month bound, one service is enough" {
  year = 2015,
  members = { { id = "M1", status = "reassigned", status_date = "2015-01-31" } },
  registrations = { { member = "M1", date = "2015-01-05" } },
  activities = services(1),
  expect = { M1 = { ["jiangsu.services_2"] = "pass" } },
}

case "left on 2015-06-30, the last day of June: 6 months bound, 5 of 12 services fail" {
  year = 2015,
  params = { min_services = 12 },
  members = { { id = "M1", status = "transferred_out", status_date = "2015-06-30" } },
  activities = services(5),
  expect = { M1 = { ["jiangsu.services_2"] = "fail" } },
}

case "left on 2015-06-29, a day before June's end: 5 months bound, 5 of 12 services pass" {
  year = 2015,
  params = { min_services = 12 },
  members = { { id = "M1", status = "transferred_out", status_date = "2015-06-29" } },
  activities = services(5),
  expect = { M1 = { ["jiangsu.services_2"] = "pass" } },
}

case "left on 2015-07-01, a day past June: still 6 months bound, 5 of 12 services fail" {
  year = 2015,
  params = { min_services = 12 },
  members = { { id = "M1", status = "transferred_out", status_date = "2015-07-01" } },
  activities = services(5),
  expect = { M1 = { ["jiangsu.services_2"] = "fail" } },
}

case "left on 2015-07-01 with 6 services: passes the 6 of 12 the months call for" {
  year = 2015,
  params = { min_services = 12 },
  members = { { id = "M1", status = "transferred_out", status_date = "2015-07-01" } },
  activities = services(6),
  expect = { M1 = { ["jiangsu.services_2"] = "pass" } },
}

case "left in 2016: the whole of 2015 binds, one service of two fails" {
  year = 2015,
  members = { { id = "M1", status = "transferred_out", status_date = "2016-03-01" } },
  activities = services(1),
  expect = { M1 = { ["jiangsu.services_2"] = "fail" } },
}

case "left on 2015-06-30, registered that day: reported in time" {
  year = 2015,
  members = { { id = "M1", status = "transferred_out", status_date = "2015-06-30" } },
  registrations = { { member = "M1", date = "2015-06-30" } },
  expect = { M1 = { ["jiangsu.report"] = "pass" } },
}

case "left on 2015-06-30, registered a day later: the year-end deadline became the day of leaving, fails" {
  year = 2015,
  members = { { id = "M1", status = "transferred_out", status_date = "2015-06-30" } },
  registrations = { { member = "M1", date = "2015-07-01" } },
  expect = { M1 = { ["jiangsu.report"] = "fail" } },
}

case "2014: left on 2014-08-30, before the campaign deadline: report n/a" {
  year = 2014,
  members = { { id = "M1", status = "reassigned", status_date = "2014-08-30" } },
  expect = { M1 = { ["jiangsu.report"] = "n/a" } },
}

case "2014: left on the campaign deadline 2014-08-31 unregistered: report fails" {
  year = 2014,
  members = { { id = "M1", status = "reassigned", status_date = "2014-08-31" } },
  expect = { M1 = { ["jiangsu.report"] = "fail" } },
}
