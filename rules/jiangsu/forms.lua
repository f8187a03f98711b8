-- The forms of 苏组通〔2014〕43号 (附件1, 附件4, 附件5) as reports.

-- 单位及职务: the position as clerks typed it often names the unit already.
local function unit_and_position(m)
  if m.position:find(m.unit_name, 1, true) then return m.position end
  return (m.unit_name .. " " .. m.position):gsub(" $", "")
end

-- Phone numbers and addresses are personal (二.3(1) 注意保护党员个人隐私;
-- 附件2 注): masked unless the report is run with --reveal.

fact "post_claimed" { latest = "post", of = "claim", within = "through" }
fact "registered_at" { latest = "community", of = "registration", within = "through" }
fact "receipt" { latest = "receipt", of = "registration", within = "through" }

-- 附件1 在职党员社区报到单 / 回执单: one per member.
form "receipt" {
  title  = "在职党员社区报到单（回执）",
  clause = "苏组通〔2014〕43号 附件1",
  rows   = "member",
  facts  = { "registered_at", "first_registration", "receipt", "post_claimed" },
  columns = {
    { "社区党组织", function(m, f) return f.registered_at or "" end },
    { "姓名", "name" },
    { "正式/预备", "membership" },
    { "联系电话", "phone", personal = true },
    { "单位党组织", "unit_name" },
    { "报到日期", function(m, f) return f.first_registration or "" end },
    { "回执日期", function(m, f) return f.receipt or "" end },
    { "认领的社区服务岗位", function(m, f) return f.post_claimed or "" end },
  },
}

-- 附件4 在职党员社区报到登记表: the columns as printed (序号 is the row).
form "register" {
  title  = "在职党员社区报到登记表",
  clause = "苏组通〔2014〕43号 附件4",
  rows   = "member",
  facts  = { "post_claimed", "first_registration" },
  columns = {
    { "姓名", "name" },
    { "性别", "gender" },
    { "出生年月", "birth" },
    { "入党时间", "joined" },
    { "文化程度", "education" },
    { "专业特长", "specialties" },
    { "兴趣爱好", "interests" },
    { "工作单位及职务", unit_and_position },
    { "单位属性", "unit_kind" },
    { "住址", "address", personal = true },
    { "单位电话", "work_phone", personal = true },
    { "手机", "phone", personal = true },
    { "志愿服务项目", function(m, f) return f.post_claimed or "" end },
    { "志愿服务小组", "team" },
    { "报到日期", function(m, f) return f.first_registration or "" end },
    { "是否愿意参加社区其他服务", "willingness" },
  },
}

-- 附件5 在职党员社区服务（活动）记录卡: one row per record.
form "card" {
  title  = "在职党员社区服务（活动）记录卡",
  clause = "苏组通〔2014〕43号 附件5",
  rows   = "activity",
  columns = {
    { "在职党员姓名", "member_name" },
    { "工作单位", "unit_name" },
    { "服务社区", "community" },
    { "年月日", "date" },
    { "服务（活动）内容", "content" },
    { "服务地点", "place" },
    { "服务时间（小时）", "hours" },
    { "评价（优/良/一般）", "rating" },
    { "认证签字", "verifier" },
    { "计入记录", function(a) return a.complete end },
  },
}

-- 附件3 在职党员社区报到情况统计表: one row per unit, its members added up
-- (a unit counts its branches' members).  在职党员总数 counts the members
-- the notice binds (retired and exempt members are not).  报到涉及社区数
-- counts the communities the reported members live in; 未报到的主要原因
-- gathers the reasons recorded for those who did not report (三.1 摸清原因).
fact "unit_reported" { count = "member", where = { passed = "jiangsu.report" } }
fact "unit_unreported" { count = "member", where = { failed = "jiangsu.report" } }
fact "unit_communities" { distinct = "community", of = "member", where = { passed = "jiangsu.report" } }
fact "unit_reasons" { collect = "unreported_reason", of = "member", where = { failed = "jiangsu.report" } }

form "unit_stats" {
  title  = "在职党员社区报到情况统计表",
  clause = "苏组通〔2014〕43号 附件3",
  rows   = "org",
  kinds  = { "unit" },
  facts  = { "unit_reported", "unit_unreported", "unit_communities", "unit_reasons" },
  columns = {
    { "单位名称", "name" },
    { "在职党员总数", function(o, f) return f.unit_reported + f.unit_unreported end },
    { "报到党员总数", function(o, f) return f.unit_reported end },
    { "报到涉及社区数", function(o, f) return f.unit_communities end },
    { "未到社区报到的党员数", function(o, f) return f.unit_unreported end },
    { "未报到的主要原因", function(o, f) return f.unit_reasons end },
  },
}
