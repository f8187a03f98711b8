-- aksu.claim_post (柯柯牙 二(二); 78号 二): 认岗率100%, at least min_posts (1)
-- posts of the residence community or the whole region claimed.

case "one post of the residence community claimed passes" {
  year = 2024,
  members = { { id = "M1" } },
  posts = { { code = "P1", name = "楼道卫生监督岗", community = "C1" } },
  claims = { { member = "M1", post = "P1", date = "2024-03-01" } },
  expect = { M1 = { ["aksu.claim_post"] = "pass" } },
}

case "a post of the whole region claimed in an earlier year passes" {
  year = 2024,
  members = { { id = "M1" } },
  posts = { { code = "P1", name = "政策宣传岗", community = "" } },
  claims = { { member = "M1", post = "P1", date = "2015-09-20" } },
  expect = { M1 = { ["aksu.claim_post"] = "pass" } },
}

case "no post claimed fails" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { ["aksu.claim_post"] = "fail" } },
}

case "a post of another community only fails" {
  year = 2024,
  orgs = {
    { "code", "name", "kind" },
    { "C1", "柯柯牙社区", "community" },
    { "C2", "南城社区", "community" },
    { "U1", "阿克苏市财政局", "unit" },
  },
  members = { { id = "M1", community = "C1" } },
  posts = { { code = "P2", name = "治安巡逻岗", community = "C2" } },
  claims = { { member = "M1", post = "P2", date = "2024-03-01" } },
  expect = { M1 = { ["aksu.claim_post"] = "fail" } },
}

case "a post claimed after the as-of date does not count" {
  year = 2024,
  as_of = "2024-02-29",
  members = { { id = "M1" } },
  posts = { { code = "P1", name = "楼道卫生监督岗", community = "C1" } },
  claims = { { member = "M1", post = "P1", date = "2024-03-01" } },
  expect = { M1 = { ["aksu.claim_post"] = "fail" } },
}
