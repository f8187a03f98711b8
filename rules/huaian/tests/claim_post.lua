-- huaian.claim_post (淮安实施意见 三(四)1; 附表1 说明3): 至少认领一个岗位,
-- entered on 附表1 by its code 1-15.  A community's own post counts when
-- its category is one of the fifteen (by code or name); otherwise it
-- counts for jiangsu.claim_post only.

local POSTS = {
  { "code", "name", "category", "community" },
  { "1", "党建工作指导岗", "", "" },
  { "15", "文体娱乐实践岗", "", "" },
  { "16", "楼道长岗", "", "" },
  { "C1-01", "社区环境保护卫士岗", "环境保护", "C1" },
  { "C1-02", "清安社区楼道保洁岗", "9", "C1" },
  { "C1-03", "清安社区调解岗", "民事纠纷调解岗", "C1" },
}

case "post 1 claimed passes" {
  year = 2024,
  members = { { id = "M1" } },
  posts = POSTS,
  claims = { { member = "M1", post = "1", date = "2024-09-10" } },
  expect = { M1 = { ["huaian.claim_post"] = "pass", ["jiangsu.claim_post"] = "pass" } },
}

case "post 15, the last code, claimed passes" {
  year = 2024,
  members = { { id = "M1" } },
  posts = POSTS,
  claims = { { member = "M1", post = "15", date = "2024-09-10" } },
  expect = { M1 = { ["huaian.claim_post"] = "pass" } },
}

case "no post claimed fails" {
  year = 2024,
  members = { { id = "M1" } },
  posts = POSTS,
  expect = { M1 = { ["huaian.claim_post"] = "fail", ["jiangsu.claim_post"] = "fail" } },
}

case "only a community post of another category (环境保护): fails here, passes jiangsu" {
  year = 2024,
  members = { { id = "M1" } },
  posts = POSTS,
  claims = { { member = "M1", post = "C1-01", date = "2024-09-10" } },
  expect = { M1 = { ["huaian.claim_post"] = "fail", ["jiangsu.claim_post"] = "pass" } },
}

case "a community's own post of category 9 passes" {
  year = 2024,
  members = { { id = "M1" } },
  posts = POSTS,
  claims = { { member = "M1", post = "C1-02", date = "2024-09-10" } },
  expect = { M1 = { ["huaian.claim_post"] = "pass" } },
}

case "a community's own post of category 民事纠纷调解岗 passes" {
  year = 2024,
  members = { { id = "M1" } },
  posts = POSTS,
  claims = { { member = "M1", post = "C1-03", date = "2024-09-10" } },
  expect = { M1 = { ["huaian.claim_post"] = "pass" } },
}

case "a post coded 16, outside the catalogue, fails" {
  year = 2024,
  members = { { id = "M1" } },
  posts = POSTS,
  claims = { { member = "M1", post = "16", date = "2024-09-10" } },
  expect = { M1 = { ["huaian.claim_post"] = "fail" } },
}

case "a coded post claimed in 2014 still stands in 2015" {
  year = 2015,
  members = { { id = "M1" } },
  posts = POSTS,
  claims = { { member = "M1", post = "1", date = "2014-09-18" } },
  expect = { M1 = { ["huaian.claim_post"] = "pass" } },
}

case "a claim dated after the as-of date is not seen" {
  year = 2024,
  as_of = "2024-06-30",
  members = { { id = "M1" } },
  posts = POSTS,
  claims = { { member = "M1", post = "1", date = "2024-07-01" } },
  expect = { M1 = { ["huaian.claim_post"] = "fail" } },
}

case "a retired member without a claim: n/a" {
  year = 2024,
  members = { { id = "M1", status = "retired" } },
  posts = POSTS,
  expect = { M1 = { ["huaian.claim_post"] = "n/a" } },
}

case "an exempt member without a claim: n/a" {
  year = 2024,
  members = { { id = "M1", exempt = "yes", exempt_reason = "外派挂职" } },
  posts = POSTS,
  expect = { M1 = { ["huaian.claim_post"] = "n/a" } },
}
