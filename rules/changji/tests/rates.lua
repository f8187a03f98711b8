-- changji.effective_rate_80 (二(二)6): of the members a branch or unit has
-- that the notice binds (retired and exempt members left out), at least
-- 80% meet changji.residence_services_4.  changji.all_good (二(二)8): every
-- one of them graded 较好 or better.  A unit counts its branches' members.

local ORGS = {
  { "code", "name", "kind", "parent", "community" },
  { "C1", "建设路社区", "community", "", "" },
  { "U1", "昌吉州住房和城乡建设局", "unit", "", "C1" },
  { "B1", "局机关第一党支部", "branch", "U1", "C1" },
  { "B2", "局机关第二党支部", "branch", "U1", "C1" },
}
local POSTS = { { code = "P01", name = "政策法规宣传岗" } }

-- Members of `unit` named by `ids`, plus a retired and an exempt one.
local function members(unit, ids)
  local t = { { "id", "name", "unit", "status", "exempt", "exempt_reason" } }
  for _, id in ipairs(ids) do t[#t + 1] = { id, id, unit, "in_service", false, "" } end
  t[#t + 1] = { unit .. "R", "退休党员", unit, "retired", false, "" }
  t[#t + 1] = { unit .. "E", "豁免党员", unit, "in_service", true, "长期病休" }
  return t
end

-- Four residence services for each of `ids`.
local function services(ids)
  local t = { { "member", "date", "kind", "hours" } }
  for _, id in ipairs(ids) do
    for mo = 3, 6 do t[#t + 1] = { id, string.format("2024-%02d-10", mo), "service", 2 } end
  end
  return t
end

-- Every member duty met (70 points, 较好) for each of `ids`.
local function duties(ids)
  local d = { registrations = {}, claims = {}, activities = services(ids),
    wishes = { { "id", "community", "ordered", "dispatched", "dispatcher", "taker", "taken", "done" } } }
  for i, id in ipairs(ids) do
    d.registrations[#d.registrations + 1] = { member = id, date = "2024-01-15" }
    d.claims[#d.claims + 1] = { member = id, post = "P01", date = "2024-01-20" }
    d.activities[#d.activities + 1] = { id, "2024-07-10", "lecture", 1 }
    d.activities[#d.activities + 1] = { id, "2024-08-10", "community_event", 1 }
    d.wishes[#d.wishes + 1] = { "W" .. i, "C1", "2024-03-01", "2024-03-02", "B1", id,
      "2024-03-03", "2024-03-05" }
  end
  return d
end

case "4 of 5 bound members serving (80%) pass; retired and exempt are left out" {
  year = 2024,
  orgs = ORGS,
  members = members("B1", { "M1", "M2", "M3", "M4", "M5" }),
  activities = services({ "M1", "M2", "M3", "M4" }),
  expect = { ["org:B1"] = { ["changji.effective_rate_80"] = "pass" } },
}

case "3 of 4 bound members serving (75%) fail" {
  year = 2024,
  orgs = ORGS,
  members = members("B1", { "M1", "M2", "M3", "M4" }),
  activities = services({ "M1", "M2", "M3" }),
  expect = { ["org:B1"] = { ["changji.effective_rate_80"] = "fail" } },
}

case "a unit counts its branches' members" {
  year = 2024,
  orgs = ORGS,
  members = {
    { "id", "unit" },
    { "M1", "B1" }, { "M2", "B1" }, { "M3", "B2" }, { "M4", "B2" }, { "M5", "U1" },
  },
  activities = services({ "M1", "M2", "M3", "M4" }),
  expect = {
    ["org:U1"] = { ["changji.effective_rate_80"] = "pass" },
    ["org:B1"] = { ["changji.effective_rate_80"] = "pass" },
  },
}

case "a branch with only retired and exempt members: n/a" {
  year = 2024,
  orgs = ORGS,
  members = members("B2", {}),
  expect = { ["org:B2"] = { ["changji.effective_rate_80"] = "n/a", ["changji.all_good"] = "n/a" } },
}

local ALL = duties({ "M1", "M2" })
case "every bound member 较好: all_good passes; retired and exempt are left out" {
  year = 2024,
  orgs = ORGS,
  posts = POSTS,
  members = members("B1", { "M1", "M2" }),
  registrations = ALL.registrations,
  claims = ALL.claims,
  activities = ALL.activities,
  wishes = ALL.wishes,
  expect = {
    M1 = { grade = "较好" },
    B1R = { grade = "none", score = "none" },
    ["org:B1"] = { ["changji.all_good"] = "pass", ["changji.effective_rate_80"] = "pass" },
    ["org:U1"] = { ["changji.all_good"] = "pass" },
  },
}

local ONE = duties({ "M1" })
for mo = 3, 6 do ONE.activities[#ONE.activities + 1] = { "M2", string.format("2024-%02d-10", mo), "service", 2 } end
case "one bound member below 较好: all_good fails" {
  year = 2024,
  orgs = ORGS,
  posts = POSTS,
  members = members("B1", { "M1", "M2" }),
  registrations = ONE.registrations,
  claims = ONE.claims,
  activities = ONE.activities,
  wishes = ONE.wishes,
  expect = {
    M1 = { grade = "较好" },
    M2 = { grade = "差" },
    ["org:B1"] = { ["changji.all_good"] = "fail", ["changji.effective_rate_80"] = "pass" },
  },
}
