-- aksu.group_enrolled (78号 二): enrolled in a 楼栋党小组 and in a grid
-- service team or a volunteer team.

case "enrolled in a party group and a team passes" {
  year = 2024,
  members = { { id = "M1", party_group = "3号楼党小组", team = "第二网格服务团队" } },
  expect = { M1 = { ["aksu.group_enrolled"] = "pass" } },
}

case "a party group without a team fails" {
  year = 2024,
  members = { { id = "M1", party_group = "3号楼党小组" } },
  expect = { M1 = { ["aksu.group_enrolled"] = "fail" } },
}

case "a team without a party group fails" {
  year = 2024,
  members = { { id = "M1", team = "志愿服务小组" } },
  expect = { M1 = { ["aksu.group_enrolled"] = "fail" } },
}
