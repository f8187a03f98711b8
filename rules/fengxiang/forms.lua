-- The forms of 凤组发〔2014〕42号: the 一证四卡 of 三.1 (附件1 证明信 and
-- 基本情况信息卡, 附件2 报到回执, 附件3 写实登记卡, 附件4 服务承诺卡, 附件5
-- 评议情况反馈卡), the 联系对象档案卡 (附件8) and the year-end tables (附件6,
-- 7; 四).  The notice prints only the titles of its 附件, so each
-- form holds what the notice's text says the paper carries.  Phone numbers
-- and addresses are personal: masked unless --reveal.

-- Whether the notice binds the member (一; claim_post applies exactly to
-- the members it binds).
local function bound(r)
  return r["fengxiang.claim_post"] ~= nil and r["fengxiang.claim_post"] ~= "n/a"
end

-- How a letter addresses an organisation: a 党支部, 党委 or 党组 by its
-- name, any other by its name and 党组织.
local function party_org(name)
  for _, tail in ipairs({ "支部", "党委", "党组", "党工委", "党组织" }) do
    if name:sub(-#tail) == tail then return name end
  end
  return name .. "党组织"
end

-- An ISO date as the notice's papers write it: 2014年5月15日.
local function cn_date(d)
  if d == nil or d == "" then return "" end
  local y, mo, da = d:match("^(%d+)-(%d+)-(%d+)$")
  return string.format("%d年%d月%d日", tonumber(y), tonumber(mo), tonumber(da))
end

-- The org the form is written for (--org), by name, or a blank to fill in
-- by hand; and the stamp and signature lines under a form.
local function org_or_blank(o) return o and o.name or "________" end

-- 附件1 在职党员进社区报到证明信 (二(三)2 "及时为在职党员开具", 三.1 "持……
-- 到居住地社区报到"): the unit's letter for each member it binds.
form "letter" {
  title  = "在职党员进社区报到证明信",
  clause = "凤组发〔2014〕42号 附件1; 二(三)2; 三.1",
  rows   = "member",
  when   = function(m, f, p, r) return bound(r) end,
  columns = {
    { "居住地社区", "community_name" },
    { "姓名", "name" },
    { "性别", "gender" },
    { "工作单位", "unit_name" },
    { "职务", "position" },
    { "联系电话", "phone", personal = true },
    { "证明信", function(m)
        return string.format("%s：兹有我单位在职党员%s同志居住在你社区，"
          .. "现持此信到你社区报到，亮明身份，领岗履责，接受监督，参加服务，请接洽。",
          party_org(m.community_name), m.name)
      end },
    { "单位党组织（盖章）", function() return "" end },
    { "开具日期", function() return "    年  月  日" end },
  },
}

-- 附件1 在职党员基本情况信息卡 (二(一) "如实填写"; 二(二)1 the community's
-- 档案 and 信息库 of "人数、特长和服务意向"; 二(一)1 "工作岗位、兴趣特长、
-- 服务意愿").
form "info_card" {
  title  = "在职党员基本情况信息卡",
  clause = "凤组发〔2014〕42号 附件1; 二(一); 二(二)1",
  rows   = "member",
  when   = function(m, f, p, r) return bound(r) end,
  columns = {
    { "姓名", "name" },
    { "性别", "gender" },
    { "民族", "ethnicity" },
    { "出生年月", function(m) return m.birth or "" end },
    { "文化程度", "education" },
    { "入党时间", function(m) return m.joined or "" end },
    { "党员类别", "membership" },
    { "工作单位", "unit_name" },
    { "职务", "position" },
    { "联系电话", "phone", personal = true },
    { "家庭住址", "address", personal = true },
    { "居住地社区", "community_name" },
    { "兴趣特长", function(m)
        if m.interests == "" then return m.specialties end
        if m.specialties == "" then return m.interests end
        return m.specialties .. "；" .. m.interests
      end },
    { "服务意愿", "willingness" },
    { "本人签名", function() return "" end },
  },
}

-- 附件2 在职党员进社区报到回执 (三.1 "党组织填写《社区在职党员报到回执》，
-- 交单位党组织备案"): one for each member who reported to the residence
-- community in the year (the first such registration of the year).
fact "fx_registered_in_year" { min = "date", of = "registration",
  where = { kind = "residence", in_residence = true } }
fact "fx_receipt_in_year" { earliest = "receipt", of = "registration",
  where = { kind = "residence", in_residence = true } }

form "receipt" {
  title  = "在职党员进社区报到回执",
  clause = "凤组发〔2014〕42号 附件2; 三.1",
  rows   = "member",
  facts  = { "fx_registered_in_year", "fx_receipt_in_year" },
  when   = function(m, f) return f.fx_registered_in_year ~= nil end,
  columns = {
    { "单位党组织", "unit_name" },
    { "姓名", "name" },
    { "报到社区", "community_name" },
    { "报到日期", function(m, f) return f.fx_registered_in_year end },
    { "回执", function(m, f)
        return string.format("%s：你单位在职党员%s同志已于%s到我社区报到，特此回执。",
          party_org(m.unit_name), m.name, cn_date(f.fx_registered_in_year))
      end },
    { "社区党组织（盖章）", function() return "" end },
    { "回执日期", function(m, f) return f.fx_receipt_in_year or "" end },
  },
}

-- 附件4 在职党员服务承诺卡 (三.1 "根据社区工作需要和个人特长，填写……交社区
-- 党组织"; 二(三)2 the unit "审定"; 三.2 "公开承诺服务事项，依据承诺内容在
-- 社区认岗"): the 五个一 of 二(一) are what the member promises; the post
-- claimed in the residence community is the 认岗.
fact "fx_claimed_category" { latest = "category", of = "claim", within = "through",
  where = { in_residence = true } }

form "pledge" {
  title  = "在职党员服务承诺卡",
  clause = "凤组发〔2014〕42号 附件4; 二(一); 二(三)2; 三.1; 三.2",
  rows   = "member",
  facts  = { "fx_claimed_category" },
  when   = function(m, f, p, r) return bound(r) end,
  columns = {
    { "姓名", "name" },
    { "工作单位", "unit_name" },
    { "职务", "position" },
    { "居住地社区", "community_name" },
    { "个人特长", "specialties" },
    { "认岗服务内容", function(m, f) return f.fx_claimed_category or "" end },
    { "承诺事项", function()
        return "认领一个服务岗位；提出一条合理建议；参加一次公益活动；"
          .. "联系一户困难家庭；争当一名服务标兵"
      end },
    { "承诺人签名", function() return "" end },
    { "单位党组织审定意见（盖章）", function() return "" end },
    { "社区党组织（盖章）", function() return "" end },
  },
}

-- An outcome as the cards write it.
local MET = { pass = "达到", fail = "未达到", ["n/a"] = "不适用", error = "无法判定" }

-- Whether the member was on the rolls in the year: one who left (转出,
-- 去世, 调离) before it, or with no whole month served in it, is in none
-- of its forms (see README.md, 离开的党员).
local function on_rolls(m) return m.left == nil or m.months_bound > 0 end

form "feedback" {
  title  = "在职党员现实表现评议情况反馈卡",
  clause = "凤组发〔2014〕42号 附件5; 二(二)4; 三.1",
  rows   = "member",
  heading = { function(o) return "反馈至：" .. org_or_blank(o) .. "党组织" end },
  foot   = { "社区党组织（盖章）　　　　年　　月　　日" },
  facts  = { "services", "service_hours", "suggestions", "public_welfare" },
  when   = on_rolls,
  columns = {
    { "姓名", "name" },
    { "单位", "unit_name" },
    { "联系电话", "phone", personal = true },
    { "报到社区", "community_name" },
    { "服务次数", function(m, f) return f.services end },
    { "服务时间（小时）", function(m, f) return f.service_hours end },
    { "合理化建议（条）", function(m, f) return f.suggestions end },
    { "公益活动（次）", function(m, f) return f.public_welfare end },
    { "结对走访", function(m, f, p, r) return MET[r["fengxiang.pair_household"]] or "" end },
    { "服务标兵候选", function(m, f, p, r, s) return s.award and "是" or "否" end },
  },
}

form "record" {
  title  = "在职党员进社区情况写实登记卡",
  clause = "凤组发〔2014〕42号 附件3; 二(二)4; 三.1; 三.2",
  rows   = "activity",
  heading = { function(o, year) return "社区：" .. org_or_blank(o) .. "　　年度：" .. year end },
  foot   = { "社区党组织书记（签字）：　　　　社区党组织（盖章）" },
  columns = {
    { "姓名", "member_name" },
    { "日期", "date" },
    { "服务内容", "content" },
    { "地点", "place" },
    { "时长（小时）", "hours" },
    { "社区", "community_name" },
    { "评价", "rating" },
    { "认证", "verifier" },
  },
}

-- 附件8 联系对象档案卡 (二(一)4 "建立在职党员联系对象档案卡"): one card per
-- pairing, with the visits made.
form "contacts" {
  title  = "在职党员进社区联系对象档案卡",
  clause = "凤组发〔2014〕42号 附件8; 二(一)4",
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

-- The year-end tables (四, 报送县委组织部 by the end of November): how
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
  clause = "凤组发〔2014〕42号 附件6; 四",
  rows   = "org",
  heading = { function(o) return "填报单位（盖章）：" .. org_or_blank(o) .. "　　填报日期：　　年　　月　　日" end },
  foot   = { "填表人：　　　　审核人：" },
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
  clause = "凤组发〔2014〕42号 附件7; 四; 二(三)2",
  rows   = "org",
  heading = { function(o) return "社区：" .. org_or_blank(o) .. "（城关镇牵头）" end },
  foot   = { "填表人：　　　　社区党组织（盖章）" },
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
