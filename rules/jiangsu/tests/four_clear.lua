-- jiangsu.four_clear (苏组通〔2014〕43号 二.3(1)): 家庭住址、工作单位、
-- 兴趣特长、服务意愿 all held, once the member has registered.

case "all four held passes" {
  year = 2015,
  members = { { id = "M1", address = "锁金路1号", interests = "书法", specialties = "",
    willingness = "愿意" } },
  registrations = { { member = "M1", date = "2015-03-01" } },
  expect = { M1 = { ["jiangsu.four_clear"] = "pass" } },
}

case "specialties alone stand for 兴趣特长" {
  year = 2015,
  members = { { id = "M1", address = "锁金路1号", interests = "", specialties = "会计",
    willingness = "愿意" } },
  registrations = { { member = "M1", date = "2015-03-01" } },
  expect = { M1 = { ["jiangsu.four_clear"] = "pass" } },
}

case "no service willingness fails" {
  year = 2015,
  members = { { id = "M1", address = "锁金路1号", interests = "书法", willingness = "" } },
  registrations = { { member = "M1", date = "2015-03-01" } },
  expect = { M1 = { ["jiangsu.four_clear"] = "fail" } },
}

case "a blank address fails" {
  year = 2015,
  members = { { id = "M1", address = "   ", interests = "书法", willingness = "愿意" } },
  registrations = { { member = "M1", date = "2015-03-01" } },
  expect = { M1 = { ["jiangsu.four_clear"] = "fail" } },
}

case "neither interests nor specialties fails" {
  year = 2015,
  members = { { id = "M1", address = "锁金路1号", willingness = "愿意" } },
  registrations = { { member = "M1", date = "2015-03-01" } },
  expect = { M1 = { ["jiangsu.four_clear"] = "fail" } },
}

case "not registered: the community holds nothing yet, n/a" {
  year = 2015,
  members = { { id = "M1" } },
  expect = { M1 = { ["jiangsu.four_clear"] = "n/a", ["jiangsu.report"] = "fail" } },
}
