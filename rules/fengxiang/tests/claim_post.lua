-- fengxiang.claim_post (凤组发〔2014〕42号 二(一)1): one volunteer post of the
-- residence community or of the whole county claimed (min_claims, 1).

case "a post of the residence community claimed passes" {
  year = 2024,
  members = { { id = "M1" } },
  posts = { { code = "C1-01", name = "环境保护岗", category = "环境保护", community = "C1" } },
  claims = { { member = "M1", post = "C1-01", date = "2024-03-01" } },
  expect = { M1 = { ["fengxiang.claim_post"] = "pass" } },
}

case "a county-wide post claimed in an earlier year still counts" {
  year = 2024,
  members = { { id = "M1" } },
  posts = { { code = "P01", name = "政策宣传岗", category = "政策宣传", community = "" } },
  claims = { { member = "M1", post = "P01", date = "2023-05-01" } },
  expect = { M1 = { ["fengxiang.claim_post"] = "pass" } },
}

case "no post claimed fails" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { ["fengxiang.claim_post"] = "fail" } },
}

case "a post of another community does not count" {
  year = 2024,
  orgs = {
    { "code", "name", "kind" },
    { "C1", "东大街社区", "community" },
    { "C2", "西大街社区", "community" },
    { "U1", "县财政局", "unit" },
  },
  members = { { id = "M1" } },
  posts = { { code = "C2-01", name = "治安调解岗", category = "治安调解", community = "C2" } },
  claims = { { member = "M1", post = "C2-01", date = "2024-03-01" } },
  expect = { M1 = { ["fengxiang.claim_post"] = "fail" } },
}
