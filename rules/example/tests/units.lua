-- The unit's requirements (README §4): at least one good deed a year, and
-- at least effective_rate (0.8) of its members meeting §1.

case "a unit whose members all serve and that did a good deed passes" {
  year = 2024,
  orgs = {
    { "code", "name", "kind" },
    { "C1", "一号社区", "community" },
    { "U1", "市财政局", "unit" },
  },
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-03-01", "service", 1 },
    { "M1", "2024-04-01", "service", 1 },
    { "M1", "2024-05-01", "service", 1 },
  },
  org_events = { { org = "U1", date = "2024-05-20", kind = "good_deed", content = "捐赠图书" } },
  expect = { ["org:U1"] = { ["example.unit_effective"] = "pass", ["example.unit_good_deeds"] = "pass" } },
}

case "a unit with one member of two serving, and no good deed, fails" {
  year = 2024,
  members = { { id = "M1" }, { id = "M2" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2024-03-01", "service", 1 },
    { "M1", "2024-04-01", "service", 1 },
    { "M1", "2024-05-01", "service", 1 },
  },
  expect = { ["org:U1"] = { ["example.unit_effective"] = "fail", ["example.unit_good_deeds"] = "fail" } },
}
