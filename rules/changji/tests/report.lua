-- changji.report_residence (二(二)6-7): a registration, on or before the
-- as-of date, with the community the member lives in now.  Retired and
-- exempt members owe none of the member duties (n/a).

local ORGS = {
  { "code", "name", "kind", "parent", "community" },
  { "C1", "建设路社区", "community", "", "" },
  { "C2", "延安北路社区", "community", "", "" },
  { "U1", "昌吉州住房和城乡建设局", "unit", "", "C2" },
}

case "a residence registration passes" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1" } },
  registrations = { { member = "M1", community = "C1", date = "2024-03-01", kind = "residence" } },
  expect = { M1 = { ["changji.report_residence"] = "pass" } },
}

case "a registration of an earlier year still counts" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1" } },
  registrations = { { member = "M1", community = "C1", date = "2023-05-10" } },
  expect = { M1 = { ["changji.report_residence"] = "pass" } },
}

case "registered on the as-of date passes" {
  year = 2024,
  as_of = "2024-06-30",
  orgs = ORGS,
  members = { { id = "M1", community = "C1" } },
  registrations = { { member = "M1", community = "C1", date = "2024-06-30" } },
  expect = { M1 = { ["changji.report_residence"] = "pass" } },
}

case "registered the day after the as-of date fails" {
  year = 2024,
  as_of = "2024-06-30",
  orgs = ORGS,
  members = { { id = "M1", community = "C1" } },
  registrations = { { member = "M1", community = "C1", date = "2024-07-01" } },
  expect = { M1 = { ["changji.report_residence"] = "fail" } },
}

case "never registered fails" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1" } },
  expect = { M1 = { ["changji.report_residence"] = "fail", score = 0, grade = "差" } },
}

case "serving only the unit's liaison community fails" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1" } },
  registrations = { { member = "M1", community = "C2", date = "2024-03-01", kind = "liaison" } },
  expect = { M1 = { ["changji.report_residence"] = "fail" } },
}

case "a residence change without a new registration fails" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C2" } },
  registrations = { { member = "M1", community = "C1", date = "2023-03-01", kind = "residence" } },
  expect = { M1 = { ["changji.report_residence"] = "fail" } },
}

case "a retired member owes no duty: n/a" {
  year = 2024,
  orgs = ORGS,
  members = {
    { "id", "name", "community", "status", "status_date" },
    { "M1", "马建国", "C1", "retired", "2023-10-01" },
  },
  expect = { M1 = {
    ["changji.report_residence"] = "n/a", ["changji.residence_services_4"] = "n/a",
    ["changji.claim_post"] = "n/a", ["changji.lecture_1"] = "n/a",
    ["changji.wish_1"] = "n/a", ["changji.community_event_1"] = "n/a",
    ["changji.discipline"] = "n/a",
  } },
}

case "a member who retired after the year was in service that year" {
  year = 2024,
  orgs = ORGS,
  members = {
    { "id", "name", "community", "status", "status_date" },
    { "M1", "马建国", "C1", "retired", "2025-03-01" },
  },
  expect = { M1 = { ["changji.report_residence"] = "fail", ["changji.residence_services_4"] = "fail" } },
}

case "an exempt member owes the duties n/a but keeps the discipline" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1", exempt = true, exempt_reason = "援疆驻村" } },
  expect = { M1 = {
    ["changji.report_residence"] = "n/a", ["changji.residence_services_4"] = "n/a",
    ["changji.claim_post"] = "n/a", ["changji.lecture_1"] = "n/a",
    ["changji.wish_1"] = "n/a", ["changji.community_event_1"] = "n/a",
    ["changji.discipline"] = "pass", score = "none", award = false,
  } },
}
