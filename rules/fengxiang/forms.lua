-- The forms of 凤组发〔2014〕42号 (一证四卡, 三.1; the year-end tables, 三.3):
-- the 现实表现评议情况反馈卡 and the 写实登记卡, one row per member or record.
-- Phone numbers are personal: masked unless --reveal.

form "feedback" {
  title  = "在职党员现实表现评议情况反馈卡",
  clause = "凤组发〔2014〕42号 三.1",
  rows   = "member",
  columns = {
    { "姓名", "name" },
    { "单位", "unit_name" },
    { "联系电话", "phone", personal = true },
    { "报到社区", "community" },
    { "服务次数", function(m, f) return f.services end },
    { "服务时间（小时）", function(m, f) return f.service_hours end },
    { "合理化建议（条）", function(m, f) return f.suggestions end },
    { "公益活动（次）", function(m, f) return f.public_welfare end },
    { "结对走访", function(m, f, p, r) return r["fengxiang.pair_household"] end },
    { "服务标兵候选", function(m, f, p, r, s) return s.award end },
  },
}

form "record" {
  title  = "在职党员进社区服务写实登记卡",
  clause = "凤组发〔2014〕42号 三.1",
  rows   = "activity",
  columns = {
    { "姓名", "member_name" },
    { "日期", "date" },
    { "服务内容", "content" },
    { "地点", "place" },
    { "时长（小时）", "hours" },
    { "社区", "community" },
    { "评价", "rating" },
    { "认证", "verifier" },
  },
}

-- 联系对象档案卡 (二(一)4, 三.3): one card per pairing, with the visits made.
form "contacts" {
  title  = "在职党员联系对象档案卡",
  clause = "凤组发〔2014〕42号 二(一)4; 三.3",
  rows   = "pairing",
  columns = {
    { "党员姓名", "member_name" },
    { "工作单位", "unit_name" },
    { "联系对象", "household" },
    { "类别", "household_kind" },
    { "民族", "household_ethnicity" },
    { "结对时间", function(r) return r.start .. "至" .. (r["end"] ~= "" and r["end"] or "今") end },
    { "走访次数", "visits" },
    { "走访月份", "visit_months" },
  },
}
