-- 二(二)7: each year at least 1 post or project claimed (changji.claim_post),
-- 1 宣讲 (changji.lecture_1), 1 微心愿 completed (changji.wish_1) and 1
-- community activity (changji.community_event_1), in any community.

local ORGS = {
  { "code", "name", "kind", "parent", "community" },
  { "C1", "建设路社区", "community", "", "" },
  { "C2", "延安北路社区", "community", "", "" },
  { "U1", "昌吉州住房和城乡建设局", "unit", "", "C2" },
  { "B1", "局机关第一党支部", "branch", "U1", "C2" },
}
local POSTS = {
  { "code", "name", "category", "community" },
  { "P01", "政策法规宣传岗", "政策宣传", "" },
  { "C2-01", "延安北路社区环境整治岗", "环境保护", "C2" },
}

-- changji.claim_post

case "a claim in the year passes" {
  year = 2024,
  orgs = ORGS,
  posts = POSTS,
  members = { { id = "M1", community = "C1", unit = "B1" } },
  claims = { { member = "M1", post = "P01", date = "2024-01-01" } },
  expect = { M1 = { ["changji.claim_post"] = "pass", score = 10 } },
}

case "a claim of another community's post passes" {
  year = 2024,
  orgs = ORGS,
  posts = POSTS,
  members = { { id = "M1", community = "C1", unit = "B1" } },
  claims = { { member = "M1", post = "C2-01", date = "2024-12-31" } },
  expect = { M1 = { ["changji.claim_post"] = "pass" } },
}

case "a claim of the year before fails" {
  year = 2024,
  orgs = ORGS,
  posts = POSTS,
  members = { { id = "M1", community = "C1", unit = "B1" } },
  claims = { { member = "M1", post = "P01", date = "2023-12-31" } },
  expect = { M1 = { ["changji.claim_post"] = "fail" } },
}

-- changji.lecture_1

case "one lecture passes" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1", unit = "B1" } },
  activities = { { member = "M1", date = "2024-05-04", kind = "lecture", hours = 1, community = "C2" } },
  expect = { M1 = { ["changji.lecture_1"] = "pass", score = 10 } },
}

case "services but no lecture fail" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1", unit = "B1" } },
  activities = { { member = "M1", date = "2024-05-04", kind = "service", hours = 1 } },
  expect = { M1 = { ["changji.lecture_1"] = "fail" } },
}

case "an unsigned lecture fails" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1", unit = "B1" } },
  activities = { { member = "M1", date = "2024-05-04", kind = "lecture", hours = 1, verifier = "" } },
  expect = { M1 = { ["changji.lecture_1"] = "fail" } },
}

-- changji.wish_1: wishes count by the day they were done.

case "a wish taken and done in the year passes" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1", unit = "B1" } },
  wishes = {
    { "id", "community", "ordered", "dispatched", "dispatcher", "taker", "taken", "done" },
    { "W1", "C2", "2024-03-01", "2024-03-02", "B1", "M1", "2024-03-03", "2024-03-05" },
  },
  expect = { M1 = { ["changji.wish_1"] = "pass", score = 10 } },
}

case "a wish taken the year before and done in the year passes" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1", unit = "B1" } },
  wishes = {
    { "id", "community", "ordered", "dispatched", "dispatcher", "taker", "taken", "done" },
    { "W1", "C2", "2023-12-20", "2023-12-21", "B1", "M1", "2023-12-28", "2024-01-05" },
  },
  expect = { M1 = { ["changji.wish_1"] = "pass" } },
}

case "a wish taken but not done fails" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1", unit = "B1" } },
  wishes = {
    { "id", "community", "ordered", "dispatched", "dispatcher", "taker", "taken" },
    { "W1", "C2", "2024-03-01", "2024-03-02", "B1", "M1", "2024-03-03" },
  },
  expect = { M1 = { ["changji.wish_1"] = "fail" } },
}

case "a wish done the day after the as-of date fails" {
  year = 2024,
  as_of = "2024-06-30",
  orgs = ORGS,
  members = { { id = "M1", community = "C1", unit = "B1" } },
  wishes = {
    { "id", "community", "ordered", "dispatched", "dispatcher", "taker", "taken", "done" },
    { "W1", "C2", "2024-06-01", "2024-06-02", "B1", "M1", "2024-06-03", "2024-07-01" },
  },
  expect = { M1 = { ["changji.wish_1"] = "fail" } },
}

case "a wish done the year before fails" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1", unit = "B1" } },
  wishes = {
    { "id", "community", "ordered", "dispatched", "dispatcher", "taker", "taken", "done" },
    { "W1", "C2", "2023-12-01", "2023-12-02", "B1", "M1", "2023-12-03", "2023-12-31" },
  },
  expect = { M1 = { ["changji.wish_1"] = "fail" } },
}

-- changji.community_event_1

case "one community activity passes" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1", unit = "B1" } },
  activities = { { member = "M1", date = "2024-09-15", kind = "community_event", hours = 2 } },
  expect = { M1 = { ["changji.community_event_1"] = "pass", score = 10 } },
}

case "no community activity fails" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", community = "C1", unit = "B1" } },
  activities = { { member = "M1", date = "2024-09-15", kind = "public_welfare", hours = 2 } },
  expect = { M1 = { ["changji.community_event_1"] = "fail" } },
}
