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
