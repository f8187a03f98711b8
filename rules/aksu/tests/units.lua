-- The unit rates (柯柯牙 二(一)(二); 78号 二、三.2): the unit's bound members
-- (its branches' included) must all report, claim a post, take a 微心愿 and
-- take part: unit_target_rate (100%).  n/a members are outside the rate.

local orgs = {
  { "code", "name", "kind", "parent" },
  { "C1", "柯柯牙社区", "community", "" },
  { "U1", "阿克苏市财政局", "unit", "" },
  { "B1", "市财政局第一党支部", "branch", "U1" },
  { "CB", "柯柯牙社区党支部", "branch", "C1" },
}

local function full_records(ids)
  local regs, claims, wishes, acts = {}, {}, {
    { "id", "community", "ordered", "resident", "content", "dispatched", "dispatcher", "taker", "taken" },
  }, { { "member", "date", "kind", "hours" } }
  for i, id in ipairs(ids) do
    regs[#regs + 1] = { member = id, date = "2024-03-01" }
    claims[#claims + 1] = { member = id, post = "P1", date = "2024-03-02" }
    wishes[#wishes + 1] = { "W" .. i, "C1", "2024-04-01", "居民", "修水管", "2024-04-02", "CB", id, "2024-04-03" }
    acts[#acts + 1] = { id, "2024-05-01", "community_event", 2 }
  end
  return regs, claims, wishes, acts
end

local regs, claims, wishes, acts = full_records({ "M1", "M2" })

case "a unit whose bound members (a branch's too) all meet the four duties passes" {
  year = 2024,
  orgs = orgs,
  members = { { id = "M1", unit = "U1" }, { id = "M2", unit = "B1" },
    { id = "M3", unit = "U1", status = "retired", status_date = "2020-01-01" } },
  posts = { { code = "P1", name = "楼道卫生监督岗", community = "C1" } },
  registrations = regs, claims = claims, wishes = wishes, activities = acts,
  expect = { ["org:U1"] = { ["aksu.unit_report_rate"] = "pass",
    ["aksu.unit_claim_post_rate"] = "pass", ["aksu.unit_claim_wish_rate"] = "pass",
    ["aksu.unit_participate_rate"] = "pass" } },
}

local regs1, claims1, wishes1, acts1 = full_records({ "M1" })

case "one bound member of two doing nothing fails all four rates" {
  year = 2024,
  orgs = orgs,
  members = { { id = "M1", unit = "U1" }, { id = "M2", unit = "B1" } },
  posts = { { code = "P1", name = "楼道卫生监督岗", community = "C1" } },
  registrations = regs1, claims = claims1, wishes = wishes1, activities = acts1,
  expect = { ["org:U1"] = { ["aksu.unit_report_rate"] = "fail",
    ["aksu.unit_claim_post_rate"] = "fail", ["aksu.unit_claim_wish_rate"] = "fail",
    ["aksu.unit_participate_rate"] = "fail" } },
}

case "a unit with no bound member is n/a" {
  year = 2024,
  orgs = orgs,
  members = { { id = "M1", unit = "U1", status = "retired", status_date = "2020-01-01" } },
  expect = { ["org:U1"] = { ["aksu.unit_report_rate"] = "n/a",
    ["aksu.unit_claim_post_rate"] = "n/a", ["aksu.unit_claim_wish_rate"] = "n/a",
    ["aksu.unit_participate_rate"] = "n/a" } },
}
