-- huaian.unit_code (淮安实施意见 三(五)1; 附表1 说明3; 附表2): the unit code
-- follows the party statistics code form of 附表2, three-digit groups
-- joined by dots (unit_code_pattern).

local ORGS = {
  { "code", "name", "kind", "parent" },
  { "C1", "社区", "community", "" },
  { "008.001", "清河区委", "unit", "" },
  { "008.001.003", "清河区某党支部", "branch", "008.001" },
  { "008.001.01", "两位分段的支部", "branch", "008.001" },
  { "008", "只有一段", "unit", "" },
  { "8.001", "首段不足三位", "unit", "" },
  { "008.0011", "末段四位", "unit", "" },
  { "008-001", "以横线连接", "unit", "" },
  { "U1", "无代码单位", "unit", "" },
}

case "008.001, as printed in 附表2, passes" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "008.001" } },
  expect = { M1 = { ["huaian.unit_code"] = "pass" } },
}

case "a subordinate code 008.001.003 passes" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "008.001.003" } },
  expect = { M1 = { ["huaian.unit_code"] = "pass" } },
}

case "a two-digit group 008.001.01 fails" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "008.001.01" } },
  expect = { M1 = { ["huaian.unit_code"] = "fail" } },
}

case "a single group 008 fails" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "008" } },
  expect = { M1 = { ["huaian.unit_code"] = "fail" } },
}

case "a short first group 8.001 fails" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "8.001" } },
  expect = { M1 = { ["huaian.unit_code"] = "fail" } },
}

case "a four-digit group 008.0011 fails" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "008.0011" } },
  expect = { M1 = { ["huaian.unit_code"] = "fail" } },
}

case "groups joined by a dash 008-001 fail" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "008-001" } },
  expect = { M1 = { ["huaian.unit_code"] = "fail" } },
}

case "a code of another form, U1, fails" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "U1" } },
  expect = { M1 = { ["huaian.unit_code"] = "fail" } },
}

case "a retired member of a badly coded unit: n/a" {
  year = 2024,
  orgs = ORGS,
  members = { { id = "M1", unit = "U1", status = "retired" } },
  expect = { M1 = { ["huaian.unit_code"] = "n/a" } },
}
