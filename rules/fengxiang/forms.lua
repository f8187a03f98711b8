-- The forms of 凤组发〔2014〕42号 (一证四卡, 三.1; the year-end tables, 三.3):
-- the 现实表现评议情况反馈卡 and the 写实登记卡, one row per member or record.
-- Phone numbers are personal: masked unless --reveal.

form "feedback" {
  title  = "在职党员现实表现评议情况反馈卡",
  clause = "凤组发〔2014〕42号 三.1",
  rows   = "member",
  facts  = { "services", "service_hours", "suggestions", "public_welfare" },
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

-- The year-end tables (三.3, 报送县委组织部 by the end of November): how
-- many members met each of the 五个一, per county department (unit, with
-- its branches), and how many residents of each community reported.
-- Members the notice does not bind (n/a) are left out of every count.
fact "fx_report_passed" { count = "member", where = { passed = "fengxiang.report" } }
fact "fx_report_failed" { count = "member", where = { failed = "fengxiang.report" } }
fact "fx_claim_post_passed" { count = "member", where = { passed = "fengxiang.claim_post" } }
fact "fx_service_passed" { count = "member", where = { passed = "fengxiang.service_2_or_8h" } }
fact "fx_suggestion_passed" { count = "member", where = { passed = "fengxiang.suggestion_1" } }
fact "fx_welfare_passed" { count = "member", where = { passed = "fengxiang.public_welfare_1" } }
fact "fx_pair_passed" { count = "member", where = { passed = "fengxiang.pair_household" } }
fact "fx_models" { count = "member", where = { passed = "fengxiang.service_model" } }

form "service_summary" {
  title  = "在职党员进社区服务群众情况汇总表",
  clause = "凤组发〔2014〕42号 三.3",
  rows   = "org",
  kinds  = { "unit" },
  facts  = {
    "fx_report_passed", "fx_report_failed", "fx_claim_post_passed", "fx_service_passed",
    "fx_suggestion_passed", "fx_welfare_passed", "fx_pair_passed", "fx_models",
  },
  columns = {
    { "单位", "name" },
    { "应参加党员", function(o, f) return f.fx_report_passed + f.fx_report_failed end },
    { "报到", function(o, f) return f.fx_report_passed end },
    { "认领岗位", function(o, f) return f.fx_claim_post_passed end },
    { "服务2次或8小时", function(o, f) return f.fx_service_passed end },
    { "提出建议", function(o, f) return f.fx_suggestion_passed end },
    { "参加公益活动", function(o, f) return f.fx_welfare_passed end },
    { "结对走访", function(o, f) return f.fx_pair_passed end },
    { "服务标兵候选", function(o, f) return f.fx_models end },
  },
}

form "report_summary" {
  title  = "在职党员进社区报到情况汇总表",
  clause = "凤组发〔2014〕42号 三.3; 二(三)2",
  rows   = "org",
  kinds  = { "community" },
  facts  = { "fx_report_passed", "fx_report_failed" },
  columns = {
    { "社区", "name" },
    { "居住的在职党员", function(o, f) return f.fx_report_passed + f.fx_report_failed end },
    { "已报到", function(o, f) return f.fx_report_passed end },
    { "未报到", function(o, f) return f.fx_report_failed end },
    { "报到率", function(o, f)
        local n = f.fx_report_passed + f.fx_report_failed
        if n == 0 then return "—" end
        return string.format("%.1f%%", 100 * f.fx_report_passed / n)
      end },
  },
}
