-- The huaian pack's requirements, on top of jiangsu's: 淮安实施意见
-- (2014-08), 关于开展“在职党员回社区 亮明身份作表率”活动的实施意见.

local DOC = "淮安实施意见(2014-08) "

-- Whether a member had retired by the as-of date: a retirement date still
-- to come leaves the member in service (在职党员) until that day.
local function retired(m)
  return m.retired and (m.status_date == nil or m.status_date <= period.as_of)
end

-- 二 binds in-service members of city and county organs and their directly
-- affiliated units (机关部门和直属单位); retired members report of their own
-- will and enterprises and 其他领域 are only encouraged.  A unit's kind
-- cannot tell a directly affiliated 事业 or 企业 unit from another, so only
-- the kinds that are never one (非公企业, 社会组织) are left out.  Exempt
-- members are n/a as in jiangsu: the unit recorded why they do not report.
local ENCOURAGED = { ["非公企业"] = true, ["社会组织"] = true }

-- 二 binds members whose party relationship sits in those organs (党组织
-- 关系隶属于...): one who left (转出, 调离) is bound through the day of
-- leaving, and not at all in a year with no whole month served
-- (m.months_bound 0); a deceased member is not evaluated.  As jiangsu.
local LEFT = { transferred_out = "转出", deceased = "去世", reassigned = "调离" }

local function on_rolls(m)
  if m.deceased then return false, "党员已去世（" .. (m.left or "") .. "），不作评价" end
  if m.left ~= nil and m.months_bound == 0 then
    return false, "已于 " .. m.left .. " " .. LEFT[m.status] .. "，本年度不在册"
  end
  return true
end

-- A dated duty whose day comes after the member left never bound them.
local function left_before(m, due)
  if m.left ~= nil and m.left < due then
    return false, "期限（" .. due .. "）前已" .. LEFT[m.status]
  end
  return true
end

local function in_scope(m)
  local ok, why = on_rolls(m)
  if not ok then return false, why end
  if retired(m) then return false, "离退休党员自愿报到，不作要求" end
  if m.exempt then return false, "单位已登记免于报到" end
  if ENCOURAGED[m.unit_kind] then return false, "非公企业、社会组织党员鼓励报到，不作要求" end
  return true
end

-- jiangsu's own scope, for the jiangsu requirement overridden below.
local function province_scope(m)
  local ok, why = on_rolls(m)
  if not ok then return false, why end
  if retired(m) then return false, "退休党员不在本意见范围（在职党员）" end
  if m.exempt then return false, "单位已登记免于报到" end
  return true
end

local function blank(s)
  return s:match("%S") == nil
end

-- 四(二) 9月20日前完成报到, as a month-day applied to the evaluation year.
local function report_due(p)
  return date.in_year(period.year, p.report_deadline)
end

-- The end of the year, or the day of leaving of a member who left in it.
local function year_due(m)
  if m.left ~= nil and m.left < period.year_end then return m.left end
  return period.year_end
end

-- The province's duty to report stays; its 2014-08-31 campaign date does
-- not bind in Huai'an, where the city's schedule (四(二): member lists
-- reach the communities by 9月10日, reporting done by 9月20日) replaced it.
-- The date is huaian.report_by's to check; this one asks only whether the
-- member reported at all in time for the year, so jiangsu.award_eligible
-- keeps reading it as 无故不报到.
requirement "jiangsu.report" {
  override = true,
  title   = "到相关社区党组织报到",
  clause  = "苏组通〔2014〕43号 二; 三.1; " .. DOC .. "三(四)1; 四(二)",
  reading = "any registration (residence, work, liaison or other community) dated on or before 31 December of the year, or the day of leaving for a member who left during it; the deadline within the year is huaian.report_by's",
  applies = function(m, f)
    local ok, why = province_scope(m)
    if not ok then return false, why end
    if f.first_registration == nil and period.as_of < year_due(m) then
      return false, "报到期限未到"
    end
    return true
  end,
  check   = function(m, f)
    local first, due = f.first_registration, year_due(m)
    if first ~= nil and first <= due then return true, first, due end
    local msg = "未报到"
    if not blank(m.unreported_reason) then msg = msg .. "（已登记未报到原因）" end
    return false, first, due, msg
  end,
}

-- The distinct catalogue posts claimed (see facts.lua).
local function catalogue_posts(f)
  return f.coded_posts + f.categorised_posts - f.coded_categorised_posts
end

requirement "huaian.claim_post" {
  title   = "至少认领一个岗位（附表1 岗位代码1-15）",
  clause  = DOC .. "三(四)1; 三(二)1; 附表1 说明3",
  reading = "distinct posts claimed in any year up to the as-of date whose code, or (for a community's own post) whose category, is one of the 15 of 附表1 by code or name; any other post counts only for jiangsu.claim_post",
  applies = in_scope,
  check   = function(m, f, p)
    local n = catalogue_posts(f)
    if n >= p.min_coded_claims then return true, n, p.min_coded_claims end
    local msg = "未认领附表1所列岗位（代码1-15）"
    if f.claims > 0 then msg = "所认领岗位均非附表1所列岗位（代码1-15）" end
    return false, n, p.min_coded_claims, msg
  end,
}

requirement "huaian.unit_code" {
  title   = "单位代码按党内统计代码规则编写（参照附表2）",
  clause  = DOC .. "三(五)1; 附表1 说明3; 附表2",
  reading = "the whole of the member's unit code matches unit_code_pattern (three-digit groups joined by dots, as 008.001); whether the code is the one the statistics system assigned is not checked",
  applies = in_scope,
  check   = function(m, f, p)
    if re.full(p.unit_code_pattern, m.unit) then return true, m.unit, p.unit_code_pattern end
    return false, m.unit, p.unit_code_pattern, "单位代码不符合附表2编写规则（三位数字分段，以“.”连接）"
  end,
}

requirement "huaian.report_by" {
  title   = "9月20日前完成在职党员回社区报到",
  clause  = DOC .. "四(二); 二; 三(四)1",
  reading = "a registration of any kind (a 县处级以上 leader's 工作联系点社区 included) dated on or before report_deadline of the evaluation year, made that year or earlier; n/a while that day has not come and the member has not registered, and for a member who left before it",
  applies = function(m, f, p)
    local ok, why = in_scope(m)
    if not ok then return false, why end
    ok, why = left_before(m, report_due(p))
    if not ok then return false, why end
    if f.first_registration == nil and period.as_of < report_due(p) then
      return false, "报到期限未到"
    end
    return true
  end,
  check   = function(m, f, p)
    local due = report_due(p)
    local first = f.first_registration
    if first ~= nil and first <= due then return true, first, due end
    return false, first, due, first == nil and "未报到" or "逾期报到"
  end,
}

-- 四(二) 12月20日前，社区党组织完成回社区党员《实绩反馈单》盖章确认; 三(三)5,
-- 三(四)4.  The stamp is recorded as a member event (member_events import,
-- kind feedback_sealed / 反馈单盖章).
requirement "huaian.feedback_sealed" {
  title   = "12月20日前社区党组织完成实绩反馈单盖章确认",
  clause  = DOC .. "四(二); 三(三)5; 三(四)4; 附表3",
  reading = "the community's stamp of the member's 实绩反馈单 is recorded as a member event feedback_sealed dated in the year; it must be dated on or before feedback_deadline; before that day an unstamped form is not yet due; n/a for a member who left before it",
  applies = function(m, f, p)
    local ok, why = in_scope(m)
    if not ok then return false, why end
    local due = date.in_year(period.year, p.feedback_deadline)
    ok, why = left_before(m, due)
    if not ok then return false, why end
    if f.feedback_sealed == nil and period.as_of < due then
      return false, "未到盖章期限（" .. due .. "）"
    end
    return true
  end,
  check   = function(m, f, p)
    local due = date.in_year(period.year, p.feedback_deadline)
    if f.feedback_sealed == nil then
      return false, nil, due, "社区未在" .. due .. "前完成实绩反馈单盖章"
    end
    return f.feedback_sealed <= due, f.feedback_sealed, due
  end,
}

-- 三(一)1 单位党组织 "做好……党员基本信息登记分类工作（附表1），并于8月30日
-- 前按党组织关系管理权限逐级上报市、县区组织部门", and 四(二) "9月10日前，
-- 县区委组织部将单位党组织填报的《党员信息登记表》进行梳理分类，反馈给社区
-- 党组织和社区工作指导员" (三(五)2 汇总、整理及反馈).  Each is recorded as an
-- org event of kind member_list (上报) of the unit, or list_feedback of the county: the first
-- of the year must be dated by the deadline; before that day a missing
-- one is not yet due.
local function lists_by(o, f, due)
  if f.lists_reported == nil then
    return false, nil, due, "未于" .. due .. "前上报或反馈《党员信息登记表》"
  end
  if f.lists_reported > due then
    return false, f.lists_reported, due, "逾期（" .. f.lists_reported .. "）"
  end
  return true, f.lists_reported, due
end

local function lists_due(f, due)
  if f.lists_reported == nil and period.as_of < due then
    return false, "期限未到（" .. due .. "）"
  end
  return true
end

requirement "huaian.unit_lists_by" {
  title   = "8月30日前单位党组织将《党员信息登记表》（附表1）逐级上报组织部门",
  clause  = DOC .. "三(一)1; 附表1",
  reading = "a unit with members records its 上报 of the 附表1 lists as an org event of kind member_list; the year's first must be dated on or before unit_list_deadline (08-30) of the evaluation year; n/a while that day has not come and none is recorded, and for a unit without members",
  level   = "org",
  kinds   = { "unit" },
  applies = function(o, f, p)
    if f.org_members == 0 then return false, "本单位无党员" end
    return lists_due(f, date.in_year(period.year, p.unit_list_deadline))
  end,
  check   = function(o, f, p) return lists_by(o, f, date.in_year(period.year, p.unit_list_deadline)) end,
}

requirement "huaian.county_lists_by" {
  title   = "9月10日前县区委组织部将《党员信息登记表》梳理分类后反馈给社区党组织和社区工作指导员",
  clause  = DOC .. "四(二); 三(五)2",
  reading = "the county (or district) records its 反馈 of the sorted lists to the communities as an org event of kind list_feedback; the year's first must be dated on or before county_list_deadline (09-10) of the evaluation year; n/a while that day has not come and none is recorded",
  level   = "org",
  kinds   = { "county" },
  applies = function(o, f, p) return lists_due(f, date.in_year(period.year, p.county_list_deadline)) end,
  check   = function(o, f, p) return lists_by(o, f, date.in_year(period.year, p.county_list_deadline)) end,
}
