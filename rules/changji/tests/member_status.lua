-- Members who leave (转出, 调离) or die (去世): 昌州建党〔2023〕69号 二(二)6
-- binds 全局在职党员干部, the bureau's own, so a member is bound through the
-- day of leaving (see README.md).  The yearly minimums of 二(二)6-7 are for
-- the whole months bound, rounded up (4 services: 6 months 2, 7 months 3);
-- a deceased member, and one not on the rolls in the year, is not graded.

local function services(n)
  local t = { { "member", "date", "kind", "hours" } }
  for i = 1, n do t[#t + 1] = { "M1", string.format("2024-%02d-10", i), "service", 2 } end
  return t
end

case "transferred out on 2023-12-31: not on the rolls in 2024, no duty, no grade" {
  year = 2024,
  members = { { id = "M1", status = "transferred_out", status_date = "2023-12-31" } },
  expect = { M1 = { ["changji.report_residence"] = "n/a", ["changji.residence_services_4"] = "n/a",
    ["changji.claim_post"] = "n/a", ["changji.discipline"] = "n/a",
    score = "none", grade = "none", award = false } },
}

case "deceased in 2024: not graded" {
  year = 2024,
  members = { { id = "M1", status = "去世", status_date = "2024-05-20" } },
  registrations = { { member = "M1", date = "2024-01-10" } },
  activities = services(4),
  expect = { M1 = { ["changji.residence_services_4"] = "n/a", ["changji.discipline"] = "n/a",
    score = "none", grade = "none", award = false } },
}

case "left on 2024-07-30: 6 whole months, 2 of 4 services asked, 2 pass" {
  year = 2024,
  members = { { id = "M1", status = "reassigned", status_date = "2024-07-30" } },
  activities = services(2),
  expect = { M1 = { ["changji.residence_services_4"] = "pass" } },
}

case "left on 2024-07-31, July's last day: 7 months, 3 asked, 2 fail" {
  year = 2024,
  members = { { id = "M1", status = "reassigned", status_date = "2024-07-31" } },
  activities = services(2),
  expect = { M1 = { ["changji.residence_services_4"] = "fail" } },
}

case "left on 2024-08-01, a day past July: still 7 months, 2 fail" {
  year = 2024,
  members = { { id = "M1", status = "reassigned", status_date = "2024-08-01" } },
  activities = services(2),
  expect = { M1 = { ["changji.residence_services_4"] = "fail" } },
}

case "left on 2024-07-31 with 3 services: passes and is graded" {
  year = 2024,
  members = { { id = "M1", status = "transferred_out", status_date = "2024-07-31" } },
  registrations = { { member = "M1", date = "2024-01-10" } },
  activities = services(3),
  expect = { M1 = { ["changji.residence_services_4"] = "pass", ["changji.report_residence"] = "pass",
    score = 30 } },
}
