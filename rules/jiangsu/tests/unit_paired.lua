-- jiangsu.unit_paired (二.1(1) 结对1个社区党组织): a unit whose paired
-- community is on record passes, one without fails; branches are not
-- asked (no outcome).

local ORGS = {
  { "code", "name", "kind", "parent", "community" },
  { "C1", "清安社区", "community", "", "" },
  { "U1", "淮安市财政局", "unit", "", "C1" },
  { "U2", "淮安市统计局", "unit", "", "" },
  { "B1", "市财政局第一党支部", "branch", "U1", "" },
}

case "a unit paired with a community passes; an unpaired one fails" {
  year = 2024,
  orgs = ORGS,
  expect = {
    ["org:U1"] = { ["jiangsu.unit_paired"] = "pass" },
    ["org:U2"] = { ["jiangsu.unit_paired"] = "fail" },
  },
}
