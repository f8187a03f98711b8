-- Points and grades (二(二)8), with the defaults of pack.conf: 10 points
-- each for the registration, the claim, the lecture, the wish and the
-- community activity, 20 for the four residence services, 2 for every
-- count beyond a minimum (at most 30); 差 below 40, 一般 from 40, 较好
-- from 70, 好 from 90.  The award flag marks a 志愿服务之星 candidate:
-- every duty met, no breach, at least 90 points.

local ORGS = {
  { "code", "name", "kind", "parent", "community" },
  { "C1", "建设路社区", "community", "", "" },
  { "C2", "延安北路社区", "community", "", "" },
  { "U1", "昌吉州住房和城乡建设局", "unit", "", "C2" },
  { "B1", "局机关第一党支部", "branch", "U1", "C2" },
}
local POSTS = { { code = "P01", name = "政策法规宣传岗" } }
local WISHES = {
  { "id", "community", "ordered", "dispatched", "dispatcher", "taker", "taken", "done" },
  { "W1", "C2", "2024-03-01", "2024-03-02", "B1", "M1", "2024-03-03", "2024-03-05" },
}

-- Four services in the residence community C1, then `lectures` lectures
-- and `events` community activities in the unit's liaison community C2,
-- and `extra` further services in C1.
local function acts(lectures, events, extra)
  local t = { { "member", "date", "kind", "hours", "community" },
    { "M1", "2024-02-10", "service", 2, "C1" }, { "M1", "2024-03-10", "service", 2, "C1" },
    { "M1", "2024-04-10", "service", 2, "C1" }, { "M1", "2024-05-10", "service", 2, "C1" } }
  for i = 1, lectures do t[#t + 1] = { "M1", string.format("2024-06-%02d", i), "lecture", 1, "C2" } end
  for i = 1, events do t[#t + 1] = { "M1", string.format("2024-07-%02d", i), "community_event", 1, "C2" } end
  for i = 1, extra do t[#t + 1] = { "M1", string.format("2024-09-%02d", i), "service", 1, "C1" } end
  return t
end

case "nothing done: 0 points, 差" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "B1" } },
  expect = { M1 = { score = 0, grade = "差", award = false } },
}

case "registration and 8 services: 38 points, 差" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "B1" } },
  registrations = { { member = "M1", date = "2024-01-15" } },
  activities = acts(0, 0, 4),
  expect = { M1 = { score = 38, grade = "差" } },
}

case "registration and 9 services: exactly 40 points, 一般" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "B1" } },
  registrations = { { member = "M1", date = "2024-01-15" } },
  activities = acts(0, 0, 5),
  expect = { M1 = { score = 40, grade = "一般" } },
}

case "every duty at its minimum: 70 points, 较好, no award" {
  year = 2024,
  orgs = ORGS,
  posts = POSTS,
  members = { { id = "M1", unit = "B1" } },
  registrations = { { member = "M1", date = "2024-01-15" } },
  claims = { { member = "M1", post = "P01", date = "2024-01-20" } },
  activities = acts(1, 1, 0),
  wishes = WISHES,
  expect = { M1 = {
    ["changji.report_residence"] = "pass", ["changji.residence_services_4"] = "pass",
    ["changji.claim_post"] = "pass", ["changji.lecture_1"] = "pass",
    ["changji.wish_1"] = "pass", ["changji.community_event_1"] = "pass",
    ["changji.discipline"] = "pass",
    score = 70, grade = "较好", award = false,
  } },
}

case "every duty and 9 counts beyond: 88 points, 较好, no award" {
  year = 2024,
  orgs = ORGS,
  posts = POSTS,
  members = { { id = "M1", unit = "B1" } },
  registrations = { { member = "M1", date = "2024-01-15" } },
  claims = { { member = "M1", post = "P01", date = "2024-01-20" } },
  activities = acts(3, 3, 5),
  wishes = WISHES,
  expect = { M1 = { score = 88, grade = "较好", award = false } },
}

case "every duty and 10 counts beyond: 90 points, 好, a 志愿服务之星 candidate" {
  year = 2024,
  orgs = ORGS,
  posts = POSTS,
  members = { { id = "M1", unit = "B1" } },
  registrations = { { member = "M1", date = "2024-01-15" } },
  claims = { { member = "M1", post = "P01", date = "2024-01-20" } },
  activities = acts(3, 3, 6),
  wishes = WISHES,
  expect = { M1 = { score = 90, grade = "好", award = true } },
}

case "points beyond the minimums stop at 30" {
  year = 2024,
  orgs = ORGS,
  posts = POSTS,
  members = { { id = "M1", unit = "B1" } },
  registrations = { { member = "M1", date = "2024-01-15" } },
  claims = { { member = "M1", post = "P01", date = "2024-01-20" } },
  activities = acts(1, 1, 25),
  wishes = WISHES,
  expect = { M1 = { score = 100, grade = "好", award = true } },
}

case "90 points with a duty missed: 好, but no award" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "B1" } },
  registrations = { { member = "M1", date = "2024-01-15" } },
  activities = acts(6, 6, 10),
  wishes = WISHES,
  expect = { M1 = { ["changji.claim_post"] = "fail", score = 90, grade = "好", award = false } },
}

case "a lecture in the residence community counts under 二(二)6 and 二(二)7 both" {
  year = 2024,
  orgs = ORGS,
  posts = POSTS,
  members = { { id = "M1", unit = "B1" } },
  registrations = { { member = "M1", date = "2024-01-15" } },
  claims = { { member = "M1", post = "P01", date = "2024-01-20" } },
  activities = {
    { "member", "date", "kind", "hours", "community" },
    { "M1", "2024-02-10", "service", 2, "C1" }, { "M1", "2024-03-10", "service", 2, "C1" },
    { "M1", "2024-04-10", "service", 2, "C1" }, { "M1", "2024-05-10", "service", 2, "C1" },
    { "M1", "2024-06-10", "lecture", 1, "C1" }, { "M1", "2024-07-10", "community_event", 1, "C2" },
  },
  wishes = WISHES,
  expect = { M1 = { ["changji.lecture_1"] = "pass", score = 72, grade = "较好" } },
}

case "a member retired before the year is not graded: no score, no grade, no award" {
  year = 2024,
  members = { { id = "M1", status = "retired", status_date = "2023-12-31" } },
  expect = { M1 = { score = "none", grade = "none", award = false } },
}
