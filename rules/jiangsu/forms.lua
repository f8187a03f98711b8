-- The forms of 苏组通〔2014〕43号 (附件1, 附件3, 附件4, 附件5) as the notice
-- prints them: its titles, heading lines, columns in its order and words,
-- stamp and signature lines and 注.  Names where it prints names: the
-- community reported to by name, the posts claimed by name.

-- 单位及职务: the position as clerks typed it often names the unit already.
local function unit_and_position(m)
  if m.position:find(m.unit_name, 1, true) then return m.position end
  return (m.unit_name .. " " .. m.position):gsub(" $", "")
end

-- "清江浦区 县（市、区） 柳树湾街道 街道（乡镇） 清安社区 社区党组织": the
-- heading of a community's form, blanks to fill in by hand without --org.
local function place_line(o, last)
  local county, street, name = "", "", ""
  if o then
    county, street, name = o.county_name, o.street_name, o.name
  end
  return county .. " 县（市、区） " .. street .. " 街道（乡镇） " .. name .. " " .. last
end

-- Phone numbers and addresses are personal (二.3(1) 注意保护党员个人隐私;
-- 附件2 注): masked unless the report is run with --reveal.

-- The member's latest registration as of the run's date: its community
-- (code and names), date and receipt all come from that one row, as the
-- rows come in date order.
fact "registered_at" { latest = "community", of = "registration", within = "through" }
fact "registered_name" { latest = "community_name", of = "registration", within = "through" }
fact "registered_street" { latest = "street_name", of = "registration", within = "through" }
fact "registered_county" { latest = "county_name", of = "registration", within = "through" }
fact "registered_on" { latest = "date", of = "registration", within = "through" }
fact "receipt" { latest = "receipt", of = "registration", within = "through" }
-- Every post claimed up to the run's date, by name (认领的社区服务岗位).
fact "posts_claimed" { collect = "post_name", of = "claim", within = "through" }

-- Whether the member was on the rolls in the year: one who left (转出,
-- 去世, 调离) before it, or with no whole month served in it, is in none
-- of its forms (see README.md, 离开的党员).
local function on_rolls(m) return m.left == nil or m.months_bound > 0 end

local function reported(m, f) return f.registered_at ~= nil and on_rolls(m) end

-- 附件1 在职党员社区报到单 and 回执单: one per member who reported.
form "receipt" {
  title  = "在职党员社区报到单及回执单",
  clause = "苏组通〔2014〕43号 附件1",
  rows   = "member",
  facts  = { "registered_at", "registered_name", "registered_street", "registered_county",
    "registered_on", "receipt", "posts_claimed" },
  when   = reported,
  columns = {
    { "县（市、区）", function(m, f) return f.registered_county end },
    { "街道（乡镇）", function(m, f) return f.registered_street end },
    { "社区党组织", function(m, f) return f.registered_name end },
    { "单位党组织", "unit_name" },
    { "姓名", "name" },
    { "正式/预备", "membership" },
    { "联系电话", "phone", personal = true },
    { "报到日期", function(m, f) return f.registered_on end },
    { "认领的社区服务岗位", function(m, f) return f.posts_claimed end },
    { "回执日期", function(m, f) return f.receipt end },
  },
  foot = {
    "报到单：（请于8月31日之前报到）（单位党组织盖章）    年  月  日",
    "回执单：（社区党组织盖章）    年  月  日",
  },
}

-- 附件2 在职党员基本情况登记表: what the member hands in on reporting (三.1),
-- one row each; 报到社区 as 县（市、区） 街道（乡镇） 社区（村） of the latest
-- registration.
form "basic_info" {
  title  = "在职党员基本情况登记表",
  clause = "苏组通〔2014〕43号 附件2",
  rows   = "member",
  facts  = { "registered_at", "registered_name", "registered_street", "registered_county",
    "posts_claimed" },
  when   = on_rolls,
  heading = { "本人签名：                         填表日期：     年  月  日" },
  columns = {
    { "姓名", "name" },
    { "性别", "gender" },
    { "民族", "ethnicity" },
    { "健康状况", "health" },
    { "学历", "education" },
    { "出生年月", "birth" },
    { "入党时间", "joined" },
    { "工作单位及职务", unit_and_position },
    { "单位地址", "unit_address" },
    { "家庭住址", "address", personal = true },
    { "报到社区", function(m, f)
      if f.registered_at == nil then return "" end
      return f.registered_county .. " 县（市、区） " .. f.registered_street .. " 街道（乡镇） "
        .. f.registered_name .. " 社区（村）"
    end },
    { "认领岗位", function(m, f) return f.posts_claimed end },
    { "能参加社区服务的时间", "availability" },
    { "是否愿意参加社区其他服务", "willingness" },
    { "工作单位联系电话", "work_phone", personal = true },
    { "本人联系电话/手机", "phone", personal = true },
  },
  foot = { "注：此表供参考，由在职党员填写好，报到时交社区党组织保存，社区党组织须对表中有关信息保密。" },
}

-- 附件4 在职党员社区报到登记表: the members who reported to the community,
-- listed by it (--org selects by the community reported to).
form "register" {
  title  = "在职党员社区报到登记表",
  clause = "苏组通〔2014〕43号 附件4",
  rows   = "member",
  facts  = { "registered_at", "registered_on", "posts_claimed" },
  scope  = "registered_at",
  when   = reported,
  heading = { function(o) return place_line(o, "社区党组织") end },
  columns = {
    { "序号", "#" },
    { "姓名", "name" },
    { "性别", "gender" },
    { "出生年月", "birth" },
    { "入党时间", "joined" },
    { "文化程度", "education" },
    { "专业特长", "specialties" },
    { "兴趣爱好", "interests" },
    { "工作单位及职务", unit_and_position },
    { "单位属性（机关、事业、企业、大专院校）", "unit_kind" },
    { "住址", "address", personal = true },
    { "单位电话", "work_phone", personal = true },
    { "手机", "phone", personal = true },
    { "志愿服务项目", function(m, f) return f.posts_claimed end },
    { "志愿服务小组", "team" },
    { "报到日期", function(m, f) return f.registered_on end },
    { "是否愿意参加社区其他服务", "willingness" },
  },
  foot = { "注：此表供参考，由社区党组织汇总填写，报上级党（工）委留存备案。" },
}

-- 附件5 在职党员社区服务（活动）记录卡: the year's records up to the run's
-- date, one row each, with the member's total (个人累计社区服务活动时间).
form "card" {
  title  = "在职党员社区服务（活动）记录卡",
  clause = "苏组通〔2014〕43号 附件5",
  rows   = "activity",
  columns = {
    { "在职党员姓名", "member_name" },
    { "工作单位", "unit_name" },
    { "报到社区", "community_name" },
    { "年月日", "date" },
    { "服务（活动）内容", "content" },
    { "服务地点", "place" },
    { "累计服务时间（小时）", "hours" },
    { "评价（优/良/一般）", "rating" },
    { "认证签字", "verifier" },
    { "个人累计社区服务活动时间（小时）", "total_hours" },
  },
  foot = {
    "社区党组织认证签字：",
    "注：此表供参考。在职党员每次参加社区服务活动后，党员本人需填写活动时间、服务内容、"
      .. "服务地点、服务时间，经服务对象或活动组织方、社区党组织进行评价并签字。个人累计服务"
      .. "（活动）时间由社区党组织负责统计、核准并签字认证。",
  },
}

-- 附件3 在职党员社区报到情况统计表: one row per unit, its members added up
-- (a unit counts its branches' members).  在职党员总数 counts the members
-- the notice binds (retired and exempt members are not).  报到涉及社区数
-- counts the communities the reported members reported to (their latest
-- registration); 未报到的主要原因 gathers the reasons recorded for those
-- who did not report (三.1 摸清原因).
fact "unit_reported" { count = "member", where = { passed = "jiangsu.report" } }
fact "unit_unreported" { count = "member", where = { failed = "jiangsu.report" } }
fact "unit_communities" { distinct = "reported_community", of = "member",
  where = { passed = "jiangsu.report" } }
fact "unit_reasons" { collect = "unreported_reason", of = "member", where = { failed = "jiangsu.report" } }

form "unit_stats" {
  title  = "在职党员社区报到情况统计表",
  clause = "苏组通〔2014〕43号 附件3",
  rows   = "org",
  kinds  = { "unit" },
  facts  = { "unit_reported", "unit_unreported", "unit_communities", "unit_reasons" },
  heading = { "填报日期：      年    月    日" },
  columns = {
    { "单位名称", "name" },
    { "在职党员总数", function(o, f) return f.unit_reported + f.unit_unreported end },
    { "报到党员总数", function(o, f) return f.unit_reported end },
    { "报到涉及社区数", function(o, f) return f.unit_communities end },
    { "未到社区报到的党员数", function(o, f) return f.unit_unreported end },
    { "未报到的主要原因", function(o, f) return f.unit_reasons end },
  },
  foot = { "注：此表供参考，由单位党组织填写，并报上级党（工）委。" },
}
