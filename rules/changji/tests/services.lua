-- changji.residence_services_4 (二(二)6): at least 4 activities of the
-- year in the member's residence community, each signed by the community
-- (认证签字).  An activity's community defaults to the residence one.

local ORGS = {
  { "code", "name", "kind", "parent", "community" },
  { "C1", "建设路社区", "community", "", "" },
  { "C2", "延安北路社区", "community", "", "" },
  { "U1", "昌吉州住房和城乡建设局", "unit", "", "C2" },
}

case "exactly 4 services in the residence community pass" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-02-10", "service", 2 },
    { "M1", "2024-04-10", "service", 2 },
    { "M1", "2024-06-10", "service", 2 },
    { "M1", "2024-08-10", "service", 2 },
  },
  expect = { M1 = { ["changji.residence_services_4"] = "pass", score = 20, grade = "差" } },
}

case "3 services fail" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-02-10", "service", 2 },
    { "M1", "2024-04-10", "service", 2 },
    { "M1", "2024-06-10", "service", 2 },
  },
  expect = { M1 = { ["changji.residence_services_4"] = "fail", score = 0 } },
}

case "a lecture and a community activity in the residence community are services there" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-02-10", "service", 2 },
    { "M1", "2024-04-10", "public_welfare", 2 },
    { "M1", "2024-06-10", "lecture", 1 },
    { "M1", "2024-08-10", "community_event", 1 },
  },
  expect = { M1 = { ["changji.residence_services_4"] = "pass" } },
}

case "a service in another community does not count" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1" } },
  activities = {
    { "member", "date", "kind", "hours", "community" },
    { "M1", "2024-02-10", "service", 2, "C1" },
    { "M1", "2024-04-10", "service", 2, "C1" },
    { "M1", "2024-06-10", "service", 2, "C1" },
    { "M1", "2024-08-10", "service", 2, "C2" },
  },
  expect = { M1 = { ["changji.residence_services_4"] = "fail" } },
}

case "a service the community did not sign does not count" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1" } },
  activities = {
    { "member", "date", "kind", "hours", "verifier" },
    { "M1", "2024-02-10", "service", 2, "社区书记" },
    { "M1", "2024-04-10", "service", 2, "社区书记" },
    { "M1", "2024-06-10", "service", 2, "社区书记" },
    { "M1", "2024-08-10", "service", 2, "" },
  },
  expect = { M1 = { ["changji.residence_services_4"] = "fail" } },
}

case "a service of the year before does not count" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2023-12-31", "service", 2 },
    { "M1", "2024-04-10", "service", 2 },
    { "M1", "2024-06-10", "service", 2 },
    { "M1", "2024-08-10", "service", 2 },
  },
  expect = { M1 = { ["changji.residence_services_4"] = "fail" } },
}

case "a retired member's services are voluntary: n/a and no score" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1", status = "retired" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-02-10", "service", 2 },
    { "M1", "2024-04-10", "service", 2 },
    { "M1", "2024-06-10", "service", 2 },
    { "M1", "2024-08-10", "service", 2 },
  },
  expect = { M1 = { ["changji.residence_services_4"] = "n/a", score = "none", grade = "none", award = false } },
}
