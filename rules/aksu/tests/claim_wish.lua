-- aksu.claim_wish (78号 二): at least min_wishes (1) 微心愿 taken (接单) in the
-- year, by the 三单制 居民点单 → 支部下单 → 党员干部接单.
-- The wish is dispatched (下单) by a branch.

local orgs = {
  { "code", "name", "kind", "parent" },
  { "C1", "柯柯牙社区", "community", "" },
  { "U1", "阿克苏市财政局", "unit", "" },
  { "B1", "柯柯牙社区党支部", "branch", "C1" },
}

case "one wish taken in the year passes, done or not" {
  year = 2024,
  orgs = orgs,
  members = { { id = "M1" } },
  wishes = {
    { "id", "community", "ordered", "resident", "content", "dispatched", "dispatcher", "taker", "taken" },
    { "W1", "C1", "2024-03-01", "艾力大叔", "代购药品", "2024-03-02", "B1", "M1", "2024-12-31" },
  },
  expect = { M1 = { ["aksu.claim_wish"] = "pass" } },
}

case "no wish taken fails" {
  year = 2024,
  members = { { id = "M1" } },
  expect = { M1 = { ["aksu.claim_wish"] = "fail" } },
}

case "a wish taken the year before does not count" {
  year = 2024,
  orgs = orgs,
  members = { { id = "M1" } },
  wishes = {
    { "id", "community", "ordered", "resident", "content", "dispatched", "dispatcher", "taker", "taken", "done" },
    { "W1", "C1", "2023-12-01", "艾力大叔", "代购药品", "2023-12-02", "B1", "M1", "2023-12-31", "2024-01-05" },
  },
  expect = { M1 = { ["aksu.claim_wish"] = "fail" } },
}

case "a wish dispatched but not yet taken does not count" {
  year = 2024,
  orgs = orgs,
  members = { { id = "M1" } },
  wishes = {
    { "id", "community", "ordered", "resident", "content", "dispatched", "dispatcher" },
    { "W1", "C1", "2024-03-01", "艾力大叔", "代购药品", "2024-03-02", "B1" },
  },
  expect = { M1 = { ["aksu.claim_wish"] = "fail" } },
}
