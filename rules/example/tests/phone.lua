-- example.phone (README §3): the phone on record is a mobile number.

case "a mobile number passes" {
  year = 2024,
  members = { { id = "M1", phone = "13800000001" } },
  expect = { M1 = { ["example.phone"] = "pass" } },
}

case "a short number fails" {
  year = 2024,
  members = { { id = "M1", phone = "12345" } },
  expect = { M1 = { ["example.phone"] = "fail" } },
}

case "no number fails" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { ["example.phone"] = "fail" } },
}
