-- The branch duties of 二(一): reported to a designated community
-- (changji.branch_reported), the 四张清单 (changji.four_lists), 3 实事好事
-- (changji.good_deeds_3), 1 民族团结联谊活动 (changji.ethnic_unity_1) and 1
-- "党旗映天山" 主题党日 (changji.theme_day_1) a year.  They bind branches; a
-- unit is n/a.

local ORGS = {
  { "code", "name", "kind", "parent", "community" },
  { "C1", "建设路社区", "community", "", "" },
  { "U1", "昌吉州住房和城乡建设局", "unit", "", "C1" },
  { "B1", "局机关第一党支部", "branch", "U1", "C1" },
  { "B2", "局机关第二党支部", "branch", "U1", "" },
}

case "a branch with a designated community has reported; one without has not" {
  year = 2024,
  orgs = ORGS,
  expect = {
    ["org:B1"] = { ["changji.branch_reported"] = "pass" },
    ["org:B2"] = { ["changji.branch_reported"] = "fail" },
    ["org:U1"] = { ["changji.branch_reported"] = "n/a" },
  },
}

case "四张清单 set up in an earlier year pass; none fails" {
  year = 2024,
  orgs = ORGS,
  org_events = { { org = "B1", date = "2023-06-01", kind = "four_lists", content = "服务资源、居民需求、民生项目、责任落实四张清单" } },
  expect = {
    ["org:B1"] = { ["changji.four_lists"] = "pass" },
    ["org:B2"] = { ["changji.four_lists"] = "fail" },
    ["org:U1"] = { ["changji.four_lists"] = "n/a" },
  },
}

case "四张清单 dated after the as-of date fail" {
  year = 2024,
  as_of = "2024-06-30",
  orgs = ORGS,
  org_events = { { org = "B1", date = "2024-07-01", kind = "four_lists", content = "四张清单" } },
  expect = { ["org:B1"] = { ["changji.four_lists"] = "fail" } },
}

case "exactly 3 实事好事 pass, 2 fail" {
  year = 2024,
  orgs = ORGS,
  org_events = {
    { "org", "date", "kind", "content" },
    { "B1", "2024-03-12", "good_deed", "为建设路社区更换楼道灯" },
    { "B1", "2024-06-18", "good_deed", "修缮小区排水沟" },
    { "B1", "2024-10-09", "good_deed", "为困难户送温暖" },
    { "B2", "2024-03-12", "good_deed", "清理小区杂物" },
    { "B2", "2024-06-18", "good_deed", "义诊" },
  },
  expect = {
    ["org:B1"] = { ["changji.good_deeds_3"] = "pass" },
    ["org:B2"] = { ["changji.good_deeds_3"] = "fail" },
  },
}

case "a 实事好事 of the year before does not count" {
  year = 2024,
  orgs = ORGS,
  org_events = {
    { "org", "date", "kind", "content" },
    { "B1", "2023-12-31", "good_deed", "为建设路社区更换楼道灯" },
    { "B1", "2024-06-18", "good_deed", "修缮小区排水沟" },
    { "B1", "2024-10-09", "good_deed", "为困难户送温暖" },
  },
  expect = { ["org:B1"] = { ["changji.good_deeds_3"] = "fail" } },
}

case "one 民族团结联谊活动 passes; none fails" {
  year = 2024,
  orgs = ORGS,
  org_events = { { org = "B1", date = "2024-09-20", kind = "ethnic_unity", content = "民族团结一家亲联谊活动" } },
  expect = {
    ["org:B1"] = { ["changji.ethnic_unity_1"] = "pass" },
    ["org:B2"] = { ["changji.ethnic_unity_1"] = "fail" },
    ["org:U1"] = { ["changji.ethnic_unity_1"] = "n/a" },
  },
}

case "one 主题党日 passes; none fails" {
  year = 2024,
  orgs = ORGS,
  org_events = { { org = "B2", date = "2024-07-01", kind = "theme_day", content = "“党旗映天山”主题党日" } },
  expect = {
    ["org:B2"] = { ["changji.theme_day_1"] = "pass" },
    ["org:B1"] = { ["changji.theme_day_1"] = "fail" },
    ["org:U1"] = { ["changji.theme_day_1"] = "n/a" },
  },
}
