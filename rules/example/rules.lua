-- The example pack's requirements, score, grade, stars and award.
-- Each clause cites the README of this pack (a made-up policy).

local function reported_by(f, p)
  -- The campaign deadline binds only its own year; later years need a
  -- registration by the yearly month-day deadline.
  if f.first_registration == nil then return false, nil end
  local deadline = p.campaign_deadline
  if date.year(deadline) ~= period.year then
    deadline = date.in_year(period.year, p.report_deadline)
  end
  return f.first_registration <= deadline, f.first_registration, deadline
end

requirement "example.report" {
  title   = "报到：按期到社区报到",
  clause  = "example README §2",
  reading = "a registration dated on or before the deadline in force that year",
  applies = function(m) return not m.retired, "退休党员自愿报到" end,
  check   = function(m, f, p) return reported_by(f, p) end,
}

requirement "example.services" {
  title   = "每年服务不少于 min_services 次或 min_hours 小时",
  clause  = "example README §1",
  applies = function(m) return not m.exempt and not m.retired end,
  check   = function(m, f, p)
    local n = f.services
    if not p.count_lectures then n = n - f.lectures end
    if n >= p.min_services then return true, n, p.min_services end
    return f.hours >= p.min_hours, f.hours, p.min_hours,
      string.format("%d 次（要求 %d 次）或 %.2f 小时（要求 %g 小时）", n, p.min_services,
        f.hours, p.min_hours)
  end,
}

requirement "example.phone" {
  title  = "联系电话为有效手机号",
  clause = "example README §3",
  check  = function(m, f, p)
    return re.full(p.mobile_pattern, m.phone), m.phone ~= "" and "****" or "", "1XXXXXXXXXX"
  end,
}

requirement "example.pairing" {
  title   = "结对户每月走访",
  clause  = "example README §5",
  applies = function(m, f) return f.pairings > 0 end,
  check   = function(m, f) return f.unvisited == 0, f.unvisited, 0 end,
}

requirement "example.discipline" {
  title  = "无违纪记录",
  clause = "example README §6",
  check  = function(m, f) return f.breaches == 0, f.breaches, 0 end,
}

requirement "example.unit_effective" {
  title  = "单位有效报到服务率达标",
  clause = "example README §4",
  level  = "org",
  kinds  = { "unit" },
  applies = function(o, f) return f.members > 0 end,
  check  = function(o, f, p)
    local rate = f.effective / f.members
    return rate >= p.effective_rate, rate, p.effective_rate
  end,
}

requirement "example.unit_good_deeds" {
  title  = "单位每年至少一件实事好事",
  clause = "example README §4",
  level  = "org",
  kinds  = { "unit", "branch" },
  check  = function(o, f) return f.good_deeds >= 1, f.good_deeds, 1 end,
}

score(function(m, f, p, r)
  local points = f.services * p.points_per_service + f.excellent * 5
  if f.adopted then points = points + 10 end
  return points
end)

grade {
  bands = { { "差", 0 }, { "一般", "grade_fair" }, { "好", "grade_good" } },
  cap = function(m, f) if f.breaches > 0 then return "差" end end,
}

stars {
  bands = { { "1", 0 }, { "2", 20 }, { "3", 40 }, { "4", 60 }, { "5", 80 } },
}

award(function(m, f, p, r)
  return r["example.report"] ~= "fail" and r["example.services"] ~= "fail"
    and r["example.discipline"] == "pass"
end)

-- Record checks (baodao validate): what a clerk should fix in the records.

check "example.mobile" {
  record = "member", field = "phone",
  title  = "联系电话应为手机号",
  clause = "example README §3",
  test   = function(m, p)
    return m.phone == "" or re.full(p.mobile_pattern, m.phone), "不是有效的手机号码"
  end,
}

check "example.record_card" {
  record = "activity", field = "verifier",
  title  = "服务记录缺少记录卡要素，不计入",
  clause = "example README §1",
  test   = function(a)
    return a.complete, "记录不完整（内容、地点、时长、评价、认证签字），不计入服务次数"
  end,
}

-- Report forms (baodao report NAME): one row per member, activity or org.

form "roster" {
  title  = "党员名册（示例）",
  clause = "example README §2",
  rows   = "member",
  facts  = { "services" },
  columns = {
    { "编号", "id" },
    { "姓名", "name" },
    { "报到社区", "community" },
    { "联系方式", "phone", personal = true },
    { "服务次数", function(m, f) return f.services end },
    { "报到", function(m, f, p, r) return r["example.report"] == "pass" end },
    { "积分", function(m, f, p, r, s) return s.score end },
    { "等次", function(m, f, p, r, s) return s.grade end },
  },
}

form "card" {
  title  = "服务记录卡（示例）",
  clause = "example README §1",
  rows   = "activity",
  columns = {
    { "姓名", "member_name" },
    { "年月日", "date" },
    { "服务内容", "content" },
    { "服务时间（小时）", "hours" },
    { "评价", "rating" },
    { "计入", function(a) return a.complete end },
  },
}

form "units" {
  title  = "单位通讯录（示例）",
  clause = "example README §4",
  rows   = "org",
  kinds  = { "unit", "community" },
  columns = {
    { "代码", "code" },
    { "名称", "name" },
    { "电话", "phone", personal = true },
  },
}

form "pairings" {
  title  = "联系对象档案卡（示例）",
  clause = "example README §5",
  rows   = "pairing",
  columns = {
    { "党员", "member_name" },
    { "联系户", "household" },
    { "类别", "household_kind" },
    { "结对起止", function(r) return r.start .. "至" .. r["end"] end },
    { "走访次数", "visits" },
    { "走访月份", "visit_months" },
  },
}

form "wishes" {
  title  = "微心愿台帐（示例）",
  clause = "example README §5",
  rows   = "wish",
  columns = {
    { "编号", "wish" }, { "社区", "community" }, { "心愿", "content" },
    { "点单", "ordered" }, { "下单支部", "dispatcher" }, { "接单党员", "taker_name" },
    { "完成", "done" }, { "评价", "rating" }, { "状态", "state" },
  },
}

form "bank" {
  title  = "爱心银行储蓄卡（示例）",
  clause = "example README §5",
  rows   = "ledger",
  columns = {
    { "党员", "member_name" }, { "日期", "date" }, { "积分", "points" },
    { "事由", "reason" }, { "余额", "balance" },
  },
}

form "top" {
  title  = "积分前三名（示例）",
  clause = "example README §1",
  rows   = "member",
  order  = function(m, f, p, r, s) return s.score end,
  top    = 3,
  columns = { { "姓名", "name" }, { "积分", function(m, f, p, r, s) return s.score end } },
}
