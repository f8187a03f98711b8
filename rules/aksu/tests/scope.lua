-- Scope (78号 一): members of 乡（镇）场, 公安系统, 安全 and 机要 units are not
-- required, 街道（社区） staff serve in their own unit, and exempt members
-- (访惠聚, living outside the city) are outside it: their duties are n/a,
-- never fail.  The unit's kind is read from its name (exempt_units,
-- own_unit_units).

local function orgs(unit_name)
  return {
    { "code", "name", "kind" },
    { "C1", "柯柯牙社区", "community" },
    { "U1", unit_name, "unit" },
  }
end

local all_na = { ["aksu.report"] = "n/a", ["aksu.claim_post"] = "n/a",
  ["aksu.claim_wish"] = "n/a", ["aksu.participate"] = "n/a",
  ["aksu.group_enrolled"] = "n/a" }

case "a member of the city public security bureau is n/a" {
  year = 2024,
  orgs = orgs("阿克苏市公安局"),
  members = { { id = "M1" } },
  expect = { M1 = all_na },
}

case "a member of a township is n/a" {
  year = 2024,
  orgs = orgs("阿克苏市依干其乡人民政府"),
  members = { { id = "M1" } },
  expect = { M1 = all_na },
}

case "a member of the state security bureau is n/a" {
  year = 2024,
  orgs = orgs("阿克苏市国家安全局"),
  members = { { id = "M1" } },
  expect = { M1 = all_na },
}

case "a member of a 机要 unit is n/a" {
  year = 2024,
  orgs = orgs("阿克苏地委机要局"),
  members = { { id = "M1" } },
  expect = { M1 = all_na },
}

case "a member of a street office serves in its own unit: n/a" {
  year = 2024,
  orgs = orgs("阿克苏市英巴扎街道办事处"),
  members = { { id = "M1" } },
  expect = { M1 = all_na },
}

case "城乡建设 is no township: a member of the 住房和城乡建设局 is bound and fails unregistered" {
  year = 2024,
  orgs = orgs("阿克苏市住房和城乡建设局"),
  members = { { id = "M1" } },
  expect = { M1 = { ["aksu.report"] = "fail", ["aksu.claim_post"] = "fail",
    ["aksu.claim_wish"] = "fail", ["aksu.participate"] = "fail",
    ["aksu.group_enrolled"] = "fail" } },
}

case "乡村振兴 is no township either: its member is bound" {
  year = 2024,
  orgs = orgs("阿克苏市乡村振兴局"),
  members = { { id = "M1" } },
  expect = { M1 = { ["aksu.report"] = "fail" } },
}

case "an exempt member is n/a" {
  year = 2024,
  members = { { id = "M1", exempt = true, exempt_reason = "访惠聚驻村" } },
  expect = { M1 = all_na },
}

case "a member with no residence community on record stays bound and fails unreported" {
  year = 2024,
  members = { { id = "M1", community = "" } },
  expect = { M1 = { ["aksu.report"] = "fail", ["aksu.claim_post"] = "fail" } },
}

case "a member living outside the city is marked exempt: n/a" {
  year = 2024,
  members = { { id = "M1", community = "", exempt = true, exempt_reason = "不在城区居住" } },
  expect = { M1 = all_na },
}

-- 78号 一 适用对象 is 在职党员和干部: a retirement date still to come (after
-- the as-of date) leaves the member in service and bound.
case "a retirement date the day after the as-of date: in service, bound, fails unreported" {
  year = 2024,
  as_of = "2024-06-30",
  members = { { id = "M1", status = "retired", status_date = "2024-07-01" } },
  expect = { M1 = { ["aksu.report"] = "n/a", ["aksu.claim_post"] = "fail",
    ["aksu.claim_wish"] = "fail", ["aksu.participate"] = "fail",
    ["aksu.group_enrolled"] = "fail", ["aksu.retire_notice"] = "n/a" } },
}

case "retired on the as-of date: out of scope" {
  year = 2024,
  as_of = "2024-06-30",
  members = { { id = "M1", status = "retired", status_date = "2024-06-30" } },
  expect = { M1 = all_na },
}

-- The exemption of 公安系统, 安全, 机要 and 乡（镇）场 units reaches the branches
-- under them: every organisation above the member's branch is read.
local police = {
  { "code", "name", "kind", "parent" },
  { "A", "阿克苏市", "city", "" },
  { "S1", "英巴扎街道", "street", "A" },
  { "C1", "柯柯牙社区", "community", "S1" },
  { "U1", "阿克苏市公安局党委", "unit", "A" },
  { "B1", "特巡警大队党支部", "branch", "U1" },
  { "T1", "依干其乡党委", "unit", "A" },
  { "B2", "依干其乡机关党支部", "branch", "T1" },
  { "U2", "阿克苏市财政局党组", "unit", "A" },
  { "B3", "市财政局第一党支部", "branch", "U2" },
  { "V1", "英巴扎街道党工委", "unit", "S1" },
  { "B4", "街道机关第一党支部", "branch", "V1" },
}

case "a 特巡警大队党支部 under the 公安局党委 is exempt with its unit" {
  year = 2024,
  orgs = police,
  members = { { id = "M1", unit = "B1" } },
  expect = { M1 = all_na, ["org:U1"] = { ["aksu.unit_report_rate"] = "n/a",
    ["aksu.unit_claim_post_rate"] = "n/a", ["aksu.unit_claim_wish_rate"] = "n/a",
    ["aksu.unit_participate_rate"] = "n/a" } },
}

case "a branch under a township's party committee is exempt" {
  year = 2024,
  orgs = police,
  members = { { id = "M1", unit = "B2" } },
  expect = { M1 = all_na },
}

case "a branch of a street office serves in its own unit: n/a" {
  year = 2024,
  orgs = police,
  members = { { id = "M1", unit = "B4" } },
  expect = { M1 = all_na },
}

case "a branch under the 财政局 in the same city is bound and fails unreported" {
  year = 2024,
  orgs = police,
  members = { { id = "M1", unit = "B3" } },
  expect = { M1 = { ["aksu.report"] = "fail", ["aksu.claim_post"] = "fail" },
    ["org:U2"] = { ["aksu.unit_report_rate"] = "fail" } },
}

-- 在阿克苏市城区居住: a residence community under a county, a township or
-- another city is outside the city's urban area.
local places = {
  { "code", "name", "kind", "parent" },
  { "X", "阿克苏地区", "city", "" },
  { "A", "阿克苏市", "county", "X" },
  { "S1", "英巴扎街道", "street", "A" },
  { "C1", "柯柯牙社区", "community", "S1" },
  { "T1", "依干其乡", "street", "A" },
  { "C2", "依干其乡库木巴什社区", "community", "T1" },
  { "W", "温宿县", "county", "X" },
  { "S2", "温宿镇", "street", "W" },
  { "C3", "新城社区", "community", "S2" },
  { "K", "库车市", "county", "X" },
  { "S3", "热斯坦街道", "street", "K" },
  { "C4", "热斯坦社区", "community", "S3" },
  { "U1", "阿克苏市财政局", "unit", "A" },
}

case "a member living in a community of a city street is bound and fails unreported" {
  year = 2024,
  orgs = places,
  members = { { id = "M1", community = "C1" } },
  expect = { M1 = { ["aksu.report"] = "fail", ["aksu.participate"] = "fail" } },
}

case "a member living in a township's community is outside the city: n/a" {
  year = 2024,
  orgs = places,
  members = { { id = "M1", community = "C2" } },
  expect = { M1 = all_na },
}

case "a member living in a county town is outside the city: n/a" {
  year = 2024,
  orgs = places,
  members = { { id = "M1", community = "C3" } },
  expect = { M1 = all_na },
}

case "a member living in another city's street is outside the city: n/a" {
  year = 2024,
  orgs = places,
  members = { { id = "M1", community = "C4" } },
  expect = { M1 = all_na, ["org:U1"] = { ["aksu.unit_report_rate"] = "n/a" } },
}

-- The scope is worked out once per member and kept for the member's other
-- rules: it is never another member's, whichever ran before.
case "members evaluated one after another each get their own scope" {
  year = 2024,
  orgs = police,
  members = { { id = "M1", unit = "B1" }, { id = "M2", unit = "B3" },
    { id = "M3", unit = "B4" }, { id = "M4", unit = "B3" } },
  expect = { M1 = all_na, M3 = all_na,
    M2 = { ["aksu.report"] = "fail", ["aksu.claim_post"] = "fail",
      ["aksu.group_enrolled"] = "fail" },
    M4 = { ["aksu.report"] = "fail", ["aksu.claim_wish"] = "fail",
      ["aksu.participate"] = "fail" } },
}
