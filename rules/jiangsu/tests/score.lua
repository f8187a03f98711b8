-- Score and stars (苏组通〔2014〕43号 三.3), with the default points: 5 a
-- complete record, 1 an hour, 3 per 优 and 1 per 良 record (一般 0); 5 per
-- 微心愿 the resident rated 优, 3 per 良 (一般 0).  Stars from 0, 15, 30,
-- 50 and 80 points.

case "nothing done: 0 points, one star" {
  year = 2015,
  members = { { id = "M1" } },
  expect = { M1 = { score = 0, stars = 1 } },
}

case "two records of 2 hours rated 优 and 良: 18 points, two stars" {
  year = 2015,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours", "rating" },
    { "M1", "2015-04-06", "service", 2, "优" },
    { "M1", "2015-05-11", "service", 2, "良" },
  },
  expect = { M1 = { score = 18, stars = 2 } },
}

case "a record rated 一般 earns its count and hours only" {
  year = 2015,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours", "rating" },
    { "M1", "2015-04-06", "service", "1:30", "一般" },
  },
  expect = { M1 = { score = 6.5, stars = 1 } },
}

case "an incomplete record earns nothing" {
  year = 2015,
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours", "place" },
    { "M1", "2015-04-06", "service", 2, "" },
  },
  expect = { M1 = { score = 0, stars = 1 } },
}

case "residents' ratings of wishes done: 优 5, 良 3, 一般 0" {
  year = 2015,
  orgs = {
    { "code", "name", "kind", "parent" },
    { "C1", "社区", "community", "" },
    { "U1", "单位", "unit", "" },
    { "B1", "支部", "branch", "C1" },
  },
  members = { { id = "M1" } },
  activities = {
    { "member", "date", "kind", "hours", "rating" },
    { "M1", "2015-04-06", "service", 4, "良" },
    { "M1", "2015-05-11", "service", 4, "良" },
  },
  wishes = {
    { "id", "community", "ordered", "resident", "content", "dispatched", "dispatcher", "taker", "taken", "done", "rating" },
    { "W1", "C1", "2015-03-01", "王奶奶", "更换灯泡", "2015-03-02", "B1", "M1", "2015-03-03", "2015-03-05", "优" },
    { "W2", "C1", "2015-04-01", "李大爷", "代购药品", "2015-04-02", "B1", "M1", "2015-04-03", "2015-04-04", "良" },
    { "W3", "C1", "2015-05-01", "张阿姨", "辅导功课", "2015-05-02", "B1", "M1", "2015-05-03", "2015-05-04", "一般" },
    { "W4", "C1", "2015-06-01", "赵叔", "修水管", "2015-06-02", "B1", "M1", "2015-06-03", "", "" },
  },
  expect = { M1 = { score = 28, stars = 2 } },
}

case "star band edges: 14/15, 29/30, 49/50 and 79/80 points" {
  year = 2015,
  members = {
    { id = "S14" }, { id = "S15" }, { id = "S29" }, { id = "S30" },
    { id = "S49" }, { id = "S50" }, { id = "S79" }, { id = "S80" },
  },
  activities = {
    { "member", "date", "kind", "hours", "rating" },
    { "S14", "2015-02-01", "service", 2, "一般" }, { "S14", "2015-03-01", "service", 2, "一般" },
    { "S15", "2015-02-01", "service", 2, "一般" }, { "S15", "2015-03-01", "service", 3, "一般" },
    { "S29", "2015-02-01", "service", 5, "一般" }, { "S29", "2015-03-01", "service", 5, "一般" },
    { "S29", "2015-04-01", "service", 4, "一般" },
    { "S30", "2015-02-01", "service", 5, "一般" }, { "S30", "2015-03-01", "service", 5, "一般" },
    { "S30", "2015-04-01", "service", 5, "一般" },
    { "S49", "2015-02-01", "service", 2, "优" }, { "S49", "2015-03-01", "service", 2, "优" },
    { "S49", "2015-04-01", "service", 2, "优" }, { "S49", "2015-05-01", "service", 2, "优" },
    { "S49", "2015-06-01", "service", 1, "优" },
    { "S50", "2015-02-01", "service", 2, "优" }, { "S50", "2015-03-01", "service", 2, "优" },
    { "S50", "2015-04-01", "service", 2, "优" }, { "S50", "2015-05-01", "service", 2, "优" },
    { "S50", "2015-06-01", "service", 2, "优" },
    { "S79", "2015-02-01", "service", 8, "优" }, { "S79", "2015-03-01", "service", 8, "优" },
    { "S79", "2015-04-01", "service", 8, "优" }, { "S79", "2015-05-01", "service", 8, "优" },
    { "S79", "2015-06-01", "service", 7, "优" },
    { "S80", "2015-02-01", "service", 8, "优" }, { "S80", "2015-03-01", "service", 8, "优" },
    { "S80", "2015-04-01", "service", 8, "优" }, { "S80", "2015-05-01", "service", 8, "优" },
    { "S80", "2015-06-01", "service", 8, "优" },
  },
  expect = {
    S14 = { score = 14, stars = 1 }, S15 = { score = 15, stars = 2 },
    S29 = { score = 29, stars = 2 }, S30 = { score = 30, stars = 3 },
    S49 = { score = 49, stars = 3 }, S50 = { score = 50, stars = 4 },
    S79 = { score = 79, stars = 4 }, S80 = { score = 80, stars = 5 },
  },
}
