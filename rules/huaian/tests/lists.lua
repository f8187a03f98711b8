-- 三(一)1: a unit reports its 党员信息登记表 (附表1) by 8月30日
-- (huaian.unit_lists_by); 四(二): the county feeds the sorted lists back to
-- the communities by 9月10日 (huaian.county_lists_by).  Each is an org
-- event of kind member_list (the county's feedback: list_feedback).

local ORGS = {
  { "code", "name", "kind", "parent", "community" },
  { "320800", "淮安市", "city", "", "" },
  { "320802", "清江浦区", "county", "320800", "" },
  { "320812", "经济开发区", "county", "320800", "" },
  { "C1", "清安社区", "community", "320802", "" },
  { "008.001", "清河区委", "unit", "320800", "C1" },
  { "008.002", "清浦区委", "unit", "320800", "C1" },
  { "008.011", "中共淮安市委教育工委", "unit", "320800", "C1" },
}
local MEMBERS = {
  { id = "M1", unit = "008.001" }, { id = "M2", unit = "008.002" },
}

case "a unit's lists reported on 8月30日 pass; on 8月31日 fail; a unit without members is n/a" {
  year = 2024,
  orgs = ORGS,
  members = MEMBERS,
  org_events = {
    { org = "008.001", date = "2024-08-30", kind = "member_list", content = "党员信息登记表" },
    { org = "008.002", date = "2024-08-31", kind = "member_list", content = "党员信息登记表" },
  },
  expect = {
    ["org:008.001"] = { ["huaian.unit_lists_by"] = "pass" },
    ["org:008.002"] = { ["huaian.unit_lists_by"] = "fail" },
    ["org:008.011"] = { ["huaian.unit_lists_by"] = "n/a" },
  },
}

case "no lists yet on 8月29日: n/a, not due" {
  year = 2024,
  as_of = "2024-08-29",
  orgs = ORGS,
  members = MEMBERS,
  expect = { ["org:008.001"] = { ["huaian.unit_lists_by"] = "n/a" } },
}

case "no lists on the deadline day fail" {
  year = 2024,
  as_of = "2024-08-30",
  orgs = ORGS,
  members = MEMBERS,
  expect = { ["org:008.001"] = { ["huaian.unit_lists_by"] = "fail" } },
}

case "lists of the year before do not count" {
  year = 2024,
  orgs = ORGS,
  members = MEMBERS,
  org_events = { { org = "008.001", date = "2023-08-01", kind = "member_list", content = "党员信息登记表" } },
  expect = { ["org:008.001"] = { ["huaian.unit_lists_by"] = "fail" } },
}

case "a county's feedback on 9月10日 passes; on 9月11日 fails" {
  year = 2024,
  orgs = ORGS,
  members = MEMBERS,
  org_events = {
    { org = "320802", date = "2024-09-10", kind = "list_feedback", content = "党员信息登记表梳理分类反馈社区" },
    { org = "320812", date = "2024-09-11", kind = "list_feedback", content = "党员信息登记表梳理分类反馈社区" },
  },
  expect = {
    ["org:320802"] = { ["huaian.county_lists_by"] = "pass" },
    ["org:320812"] = { ["huaian.county_lists_by"] = "fail" },
  },
}

case "a county with no feedback yet on 9月9日: n/a, not due" {
  year = 2024,
  as_of = "2024-09-09",
  orgs = ORGS,
  members = MEMBERS,
  expect = { ["org:320802"] = { ["huaian.county_lists_by"] = "n/a" } },
}

case "a county with no feedback on the deadline day fails" {
  year = 2024,
  as_of = "2024-09-10",
  orgs = ORGS,
  members = MEMBERS,
  expect = { ["org:320802"] = { ["huaian.county_lists_by"] = "fail" } },
}
