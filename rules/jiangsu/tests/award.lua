-- jiangsu.award_eligible and the award hook (苏组通〔2014〕43号 三.3): 对无故
-- 不去社区报到，或虽报到但未达基本服务要求的在职党员，取消当年各类评先评优资格.

local POSTS = { { code = "P1", name = "社区工作参议岗" } }

case "reported and met every basic requirement: eligible" {
  year = 2014,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2014-08-20" } },
  posts = POSTS,
  claims = { { member = "M1", post = "P1", date = "2014-08-20" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2014-09-06", "service", 2 },
    { "M1", "2014-10-11", "service", 2 },
  },
  suggestions = { { member = "M1", date = "2014-11-01", content = "增设路灯" } },
  expect = { M1 = { ["jiangsu.report"] = "pass", ["jiangsu.claim_post"] = "pass",
    ["jiangsu.services_2"] = "pass", ["jiangsu.suggestion_1"] = "pass",
    ["jiangsu.award_eligible"] = "pass", award = true } },
}

case "did not report, no reason recorded: not eligible" {
  year = 2015,
  members = { { id = "M1" } },
  expect = { M1 = { ["jiangsu.award_eligible"] = "fail", award = false } },
}

case "did not report, reason recorded: still eligible" {
  year = 2015,
  members = { { id = "M1", unreported_reason = "外派援疆" } },
  expect = { M1 = { ["jiangsu.report"] = "fail", ["jiangsu.award_eligible"] = "pass",
    award = true } },
}

case "reported late in 2014 without a reason: not eligible" {
  year = 2014,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2014-09-01" } },
  posts = POSTS,
  claims = { { member = "M1", post = "P1", date = "2014-09-01" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2014-09-06", "service", 2 },
    { "M1", "2014-10-11", "service", 2 },
  },
  suggestions = { { member = "M1", date = "2014-11-01", content = "增设路灯" } },
  expect = { M1 = { ["jiangsu.report"] = "fail", ["jiangsu.award_eligible"] = "fail",
    award = false } },
}

case "reported late with a reason but missed the services: not eligible" {
  year = 2014,
  members = { { id = "M1", unreported_reason = "出差" } },
  registrations = { { member = "M1", date = "2014-09-12" } },
  posts = POSTS,
  claims = { { member = "M1", post = "P1", date = "2014-09-12" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2014-10-11", "service", 2 },
  },
  suggestions = { { member = "M1", date = "2014-11-01", content = "增设路灯" } },
  expect = { M1 = { ["jiangsu.report"] = "fail", ["jiangsu.services_2"] = "fail",
    ["jiangsu.award_eligible"] = "fail", award = false } },
}

case "reported but no suggestion: not eligible" {
  year = 2015,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2015-03-01" } },
  posts = POSTS,
  claims = { { member = "M1", post = "P1", date = "2015-03-01" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2015-04-06", "service", 2 },
    { "M1", "2015-05-11", "service", 2 },
  },
  expect = { M1 = { ["jiangsu.suggestion_1"] = "fail", ["jiangsu.award_eligible"] = "fail",
    award = false } },
}

case "reported but no post claimed: not eligible" {
  year = 2015,
  members = { { id = "M1" } },
  registrations = { { member = "M1", date = "2015-03-01" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2015-04-06", "service", 2 },
    { "M1", "2015-05-11", "service", 2 },
  },
  suggestions = { { member = "M1", date = "2015-11-01", content = "增设路灯" } },
  expect = { M1 = { ["jiangsu.claim_post"] = "fail", ["jiangsu.award_eligible"] = "fail",
    award = false } },
}

case "a missing 四清 item does not cost eligibility" {
  year = 2015,
  members = { { id = "M1", willingness = "" } },
  registrations = { { member = "M1", date = "2015-03-01" } },
  posts = POSTS,
  claims = { { member = "M1", post = "P1", date = "2015-03-01" } },
  activities = {
    { "member", "date", "kind", "hours" },
    { "M1", "2015-04-06", "service", 2 },
    { "M1", "2015-05-11", "service", 2 },
  },
  suggestions = { { member = "M1", date = "2015-11-01", content = "增设路灯" } },
  expect = { M1 = { ["jiangsu.four_clear"] = "fail", ["jiangsu.award_eligible"] = "pass",
    award = true } },
}
