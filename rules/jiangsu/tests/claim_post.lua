-- jiangsu.claim_post (苏组通〔2014〕43号 二.2(1)): 认领1个以上社区志愿服务项目和岗位.

case "one post claimed passes" {
  year = 2015,
  members = { { id = "M1" } },
  posts = { { code = "P1", name = "政策法规宣传岗", community = "C1" } },
  claims = { { member = "M1", post = "P1", date = "2015-04-01" } },
  expect = { M1 = { ["jiangsu.claim_post"] = "pass" } },
}

case "no post claimed fails" {
  year = 2015,
  members = { { id = "M1" } },
  posts = { { code = "P1", name = "政策法规宣传岗", community = "C1" } },
  expect = { M1 = { ["jiangsu.claim_post"] = "fail" } },
}

case "a post claimed in 2014 still stands in 2015" {
  year = 2015,
  members = { { id = "M1" } },
  posts = { { code = "P1", name = "困难群众帮扶岗" } },
  claims = { { member = "M1", post = "P1", date = "2014-08-20" } },
  expect = { M1 = { ["jiangsu.claim_post"] = "pass" } },
}

case "a claim dated after the as-of date is not seen" {
  year = 2015,
  as_of = "2015-06-30",
  members = { { id = "M1" } },
  posts = { { code = "P1", name = "困难群众帮扶岗" } },
  claims = { { member = "M1", post = "P1", date = "2015-07-01" } },
  expect = { M1 = { ["jiangsu.claim_post"] = "fail" } },
}
