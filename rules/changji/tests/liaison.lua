-- 二(二)6 "服从组织派遣，到单位联系社区开展服务" (changji.liaison_service):
-- at least min_liaison_services (1) signed activity of the year in the
-- community the member's branch is designated to, else the one its unit
-- is paired with; and 二(一)5 述职 (changji.branch_report_yearly): the
-- branch secretary's report of the year, an org event of kind report.

local ORGS = {
  { "code", "name", "kind", "parent", "community" },
  { "C1", "建设路社区", "community", "", "" },
  { "C2", "延安北路社区", "community", "", "" },
  { "C3", "宁边东路社区", "community", "", "" },
  { "U1", "昌吉州住房和城乡建设局", "unit", "", "C3" },
  { "B1", "局机关第一党支部", "branch", "U1", "C2" },
  { "B2", "局机关第二党支部", "branch", "U1", "" },
}

case "one signed service in the branch's designated community passes" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "B1", community = "C1" } },
  activities = { { member = "M1", date = "2024-12-31", kind = "service", hours = 2, community = "C2" } },
  expect = { M1 = { ["changji.liaison_service"] = "pass" } },
}

case "services only in the residence community fail" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "B1", community = "C1" } },
  activities = {
    { "member", "date", "kind", "hours", "community" },
    { "M1", "2024-03-01", "service", 2, "C1" }, { "M1", "2024-04-01", "service", 2, "C1" },
  },
  expect = { M1 = { ["changji.liaison_service"] = "fail", ["changji.residence_services_4"] = "fail" } },
}

case "the unit's paired community is not the branch's designated one: fails" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "B1", community = "C1" } },
  activities = { { member = "M1", date = "2024-05-01", kind = "service", hours = 2, community = "C3" } },
  expect = { M1 = { ["changji.liaison_service"] = "fail" } },
}

case "a branch with no designated community serves the unit's paired one: pass" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "B2", community = "C1" } },
  activities = { { member = "M1", date = "2024-05-01", kind = "lecture", hours = 1, community = "C3" } },
  expect = { M1 = { ["changji.liaison_service"] = "pass" } },
}

case "an unsigned service in the liaison community fails" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "B1", community = "C1" } },
  activities = { { member = "M1", date = "2024-05-01", kind = "service", hours = 2, community = "C2", verifier = "" } },
  expect = { M1 = { ["changji.liaison_service"] = "fail" } },
}

case "a service in the liaison community last year fails this year" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "B1", community = "C1" } },
  activities = { { member = "M1", date = "2023-12-31", kind = "service", hours = 2, community = "C2" } },
  expect = { M1 = { ["changji.liaison_service"] = "fail" } },
}

case "a retired member owes no liaison service" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "B1", status = "retired", status_date = "2023-06-01" } },
  expect = { M1 = { ["changji.liaison_service"] = "n/a" } },
}

case "exactly one 述职 in the year passes; none fails; a unit is n/a" {
  year = 2024,
  orgs = ORGS,
  org_events = { { org = "B1", date = "2024-12-31", kind = "report", content = "书记述职评议" } },
  expect = {
    ["org:B1"] = { ["changji.branch_report_yearly"] = "pass" },
    ["org:B2"] = { ["changji.branch_report_yearly"] = "fail" },
    ["org:U1"] = { ["changji.branch_report_yearly"] = "n/a" },
  },
}

case "a 述职 of the year before does not count" {
  year = 2024,
  orgs = ORGS,
  org_events = { { org = "B1", date = "2023-12-31", kind = "report", content = "书记述职评议" } },
  expect = { ["org:B1"] = { ["changji.branch_report_yearly"] = "fail" } },
}

case "a 述职 after the as-of date is not seen" {
  year = 2024,
  as_of = "2024-06-30",
  orgs = ORGS,
  org_events = { { org = "B1", date = "2024-07-01", kind = "report", content = "书记述职评议" } },
  expect = { ["org:B1"] = { ["changji.branch_report_yearly"] = "fail" } },
}
