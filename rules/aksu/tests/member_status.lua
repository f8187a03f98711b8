-- Members who leave (转出, 调离) or die (去世): 阿市党组发[2015]78号 一 asks the
-- members of the region's units, so a member is bound through the day of
-- leaving (see README.md).  报到 by the 2015-09-10 campaign deadline is n/a
-- for a member who left before it; in a later year the year-end deadline
-- becomes the day of leaving; the yearly minimums of 78号 二 are for the
-- whole months bound, rounded up; a deceased member is not evaluated.

local function activities(n)
  local t = { { "member", "date", "kind", "hours" } }
  for i = 1, n do t[#t + 1] = { "M1", string.format("2016-%02d-10", i), "service", 1 } end
  return t
end

case "transferred out on 2015-12-31: not on the rolls in 2016, every duty n/a" {
  year = 2016,
  members = { { id = "M1", status = "transferred_out", status_date = "2015-12-31" } },
  expect = { M1 = { ["aksu.report"] = "n/a", ["aksu.claim_post"] = "n/a",
    ["aksu.claim_wish"] = "n/a", ["aksu.participate"] = "n/a",
    ["aksu.group_enrolled"] = "n/a", ["aksu.retire_notice"] = "n/a" } },
}

case "deceased in 2016: not evaluated" {
  year = 2016,
  members = { { id = "M1", status = "去世", status_date = "2016-04-04" } },
  expect = { M1 = { ["aksu.report"] = "n/a", ["aksu.participate"] = "n/a" } },
}

case "2015: left on 2015-09-09, before the campaign deadline: report n/a" {
  year = 2015,
  members = { { id = "M1", status = "转出", status_date = "2015-09-09" } },
  expect = { M1 = { ["aksu.report"] = "n/a" } },
}

case "2015: left on the campaign deadline 2015-09-10 unregistered: report fails" {
  year = 2015,
  members = { { id = "M1", status = "转出", status_date = "2015-09-10" } },
  expect = { M1 = { ["aksu.report"] = "fail" } },
}

case "2016: left on 2016-06-30, registered a day later: fails" {
  year = 2016,
  members = { { id = "M1", status = "调离", status_date = "2016-06-30" } },
  registrations = { { member = "M1", date = "2016-07-01" } },
  expect = { M1 = { ["aksu.report"] = "fail" } },
}

case "2016: left on 2016-06-30, registered that day: passes" {
  year = 2016,
  members = { { id = "M1", status = "调离", status_date = "2016-06-30" } },
  registrations = { { member = "M1", date = "2016-06-30" } },
  expect = { M1 = { ["aksu.report"] = "pass" } },
}

case "left on 2016-06-30, June's last day: 6 of 12 activities asked, 5 fail" {
  year = 2016,
  params = { min_activities = 12 },
  members = { { id = "M1", status = "transferred_out", status_date = "2016-06-30" } },
  activities = activities(5),
  expect = { M1 = { ["aksu.participate"] = "fail" } },
}

case "left on 2016-06-29: 5 of 12 activities asked, 5 pass" {
  year = 2016,
  params = { min_activities = 12 },
  members = { { id = "M1", status = "transferred_out", status_date = "2016-06-29" } },
  activities = activities(5),
  expect = { M1 = { ["aksu.participate"] = "pass" } },
}

case "left on 2016-07-01, a day past June: still 6 asked, 5 fail" {
  year = 2016,
  params = { min_activities = 12 },
  members = { { id = "M1", status = "transferred_out", status_date = "2016-07-01" } },
  activities = activities(5),
  expect = { M1 = { ["aksu.participate"] = "fail" } },
}
