-- jiangsu.services_2 (苏组通〔2014〕43号 二.2(1)): at least 2 complete
-- service records (附件5) in the year.  Activities given without content,
-- place, rating or verifier get defaults that make them complete.

case "exactly 2 complete records pass" {
  year = 2015,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2015-03-01", "service", 1 },
    { "M1", "2015-12-31", "public_welfare", "0:30" },
  },
  expect = { M1 = { ["jiangsu.services_2"] = "pass" } },
}

case "1 complete record fails" {
  year = 2015,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2015-03-01", "service", 8 },
  },
  expect = { M1 = { ["jiangsu.services_2"] = "fail" } },
}

case "a record without 认证签字 does not count" {
  year = 2015,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours", "verifier" },
    { "M1", "2015-03-01", "service", 1, "社区书记" },
    { "M1", "2015-04-01", "service", 1, "" },
  },
  expect = { M1 = { ["jiangsu.services_2"] = "fail" } },
}

case "a record without a rating does not count" {
  year = 2015,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours", "rating" },
    { "M1", "2015-03-01", "service", 1, "优" },
    { "M1", "2015-04-01", "service", 1, "" },
  },
  expect = { M1 = { ["jiangsu.services_2"] = "fail" } },
}

case "last year's records do not count this year" {
  year = 2015,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2014-12-31", "service", 1 },
    { "M1", "2015-01-01", "service", 1 },
  },
  expect = { M1 = { ["jiangsu.services_2"] = "fail" } },
}

case "records in two communities both count" {
  year = 2015,
  orgs = {
    { "code", "name", "kind" },
    { "C1", "居住社区", "community" },
    { "C2", "结对社区", "community" },
    { "U1", "单位", "unit" },
  },
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours", "community" },
    { "M1", "2015-03-01", "service", 1, "C1" },
    { "M1", "2015-04-01", "lecture", 1, "C2" },
  },
  expect = { M1 = { ["jiangsu.services_2"] = "pass" } },
}
