-- changji.discipline (三(二)): no breach recorded in the year.  A breach
-- caps the grade at breach_grade_cap (差) whatever the points, and takes
-- away the 志愿服务之星 candidacy.

local ORGS = {
  { "code", "name", "kind", "parent", "community" },
  { "C1", "建设路社区", "community", "", "" },
  { "C2", "延安北路社区", "community", "", "" },
  { "U1", "昌吉州住房和城乡建设局", "unit", "", "C2" },
  { "B1", "局机关第一党支部", "branch", "U1", "C2" },
}
local POSTS = { { code = "P01", name = "政策法规宣传岗" } }

-- Every duty met, with `extra` services beyond the four.
local function active(extra)
  local acts = {
    { "member", "date", "kind", "hours", "community" },
    { "M1", "2024-02-10", "service", 2, "C1" }, { "M1", "2024-03-10", "service", 2, "C1" },
    { "M1", "2024-04-10", "service", 2, "C1" }, { "M1", "2024-05-10", "service", 2, "C1" },
    { "M1", "2024-06-10", "lecture", 1, "C2" }, { "M1", "2024-07-10", "community_event", 1, "C2" },
  }
  for i = 1, extra do
    acts[#acts + 1] = { "M1", string.format("2024-09-%02d", i), "service", 1, "C1" }
  end
  return acts
end
local WISHES = {
  { "id", "community", "ordered", "dispatched", "dispatcher", "taker", "taken", "done" },
  { "W1", "C2", "2024-03-01", "2024-03-02", "B1", "M1", "2024-03-03", "2024-03-05" },
}

case "no breach passes and keeps the grade" {
  year = 2024,
  orgs = ORGS,
  posts = POSTS,
  members = { { id = "M1", unit = "B1" } },
  registrations = { { member = "M1", date = "2024-01-15" } },
  claims = { { member = "M1", post = "P01", date = "2024-01-20" } },
  activities = active(10),
  wishes = WISHES,
  expect = { M1 = { ["changji.discipline"] = "pass", score = 90, grade = "好", award = true } },
}

case "a breach fails and caps the grade at 差" {
  year = 2024,
  orgs = ORGS,
  posts = POSTS,
  members = { { id = "M1", unit = "B1" } },
  registrations = { { member = "M1", date = "2024-01-15" } },
  claims = { { member = "M1", post = "P01", date = "2024-01-20" } },
  activities = active(10),
  wishes = WISHES,
  breaches = { { member = "M1", date = "2024-08-01", kind = "吃拿卡要", note = "向社区提出就餐要求" } },
  expect = { M1 = { ["changji.discipline"] = "fail", score = 90, grade = "差", award = false } },
}

case "a breach of the year before does not count" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "B1" } },
  breaches = { { member = "M1", date = "2023-12-31", kind = "干扰社区正常工作秩序" } },
  expect = { M1 = { ["changji.discipline"] = "pass" } },
}

case "an exempt member's breach fails" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "B1", exempt = true, exempt_reason = "长期病休" } },
  breaches = { { member = "M1", date = "2024-05-01", kind = "开展与服务社区无关的活动" } },
  expect = { M1 = { ["changji.discipline"] = "fail", ["changji.residence_services_4"] = "n/a" } },
}

case "a retired member's breach is outside the notice: n/a" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "B1", status = "retired" } },
  breaches = { { member = "M1", date = "2024-05-01", kind = "吃拿卡要" } },
  expect = { M1 = { ["changji.discipline"] = "n/a" } },
}
