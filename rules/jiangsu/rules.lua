-- The jiangsu pack's requirements, score, stars and award eligibility:
-- 苏组通〔2014〕43号, 关于组织在职党员到社区报到开展志愿服务群众活动的意见.

local DOC = "苏组通〔2014〕43号 "

-- Whether a member had retired by the as-of date: a retirement date still
-- to come leaves the member in service (在职党员) until that day.
local function retired(m)
  return m.retired and (m.status_date == nil or m.status_date <= period.as_of)
end

local LEFT = { transferred_out = "转出", deceased = "去世", reassigned = "调离" }

-- The notice binds in-service members (在职党员, 二) whose party relationship
-- sits in their unit (党组织关系隶属其所在单位党组织的在职党员, 二).  A member
-- who left (转出, 调离) is bound through the day of leaving: not at all in a
-- year begun after it, nor in one where not a whole month was served
-- (m.months_bound 0).  A deceased member is not evaluated or graded.
-- A member the unit recorded as exempt has a reason for not reporting, and
-- the notice sanctions only those who stay away 无故, so its duties do not
-- bind them.
local function in_scope(m)
  if m.deceased then return false, "党员已去世（" .. (m.left or "") .. "），不作评价" end
  if m.left ~= nil and m.months_bound == 0 then
    return false, "已于 " .. m.left .. " " .. LEFT[m.status] .. "，本年度不在册"
  end
  if retired(m) then return false, "退休党员不在本意见范围（在职党员）" end
  if m.exempt then return false, "单位已登记免于报到" end
  return true
end

-- A yearly minimum for the whole months of the year the member was bound
-- (all 12 unless the member left during the year), rounded up.
local function quota(min, m)
  return math.ceil(min * m.months_bound / 12)
end

-- The campaign deadline binds only the year it falls in; in any other
-- year a registration made by the end of that year is on time, or by the
-- day of leaving for a member who left during the year.
local function deadline(p, m)
  if date.year(p.report_deadline) == period.year then return p.report_deadline end
  if m.left ~= nil and m.left < period.year_end then return m.left end
  return period.year_end
end

local function blank(s)
  return s:match("%S") == nil
end

requirement "jiangsu.report" {
  title   = "到相关社区党组织报到",
  clause  = DOC .. "二; 三.1",
  reading = "any registration (residence, work, paired or liaison community) dated on or before report_deadline in its own year, or on or before 31 December in any other year (the day of leaving for a member who left during it); n/a for a member who left before the campaign deadline",
  applies = function(m, f, p)
    local ok, why = in_scope(m)
    if not ok then return false, why end
    if m.left ~= nil and m.left < deadline(p, m) then
      return false, "报到期限（" .. deadline(p, m) .. "）前已" .. LEFT[m.status]
    end
    if f.first_registration == nil and period.as_of < deadline(p, m) then
      return false, "报到期限未到"
    end
    return true
  end,
  check   = function(m, f, p)
    local due = deadline(p, m)
    local first = f.first_registration
    if first ~= nil and first <= due then return true, first, due end
    local msg = first == nil and "未报到" or "逾期报到"
    if not blank(m.unreported_reason) then msg = msg .. "（已登记未报到原因）" end
    return false, first, due, msg
  end,
}

requirement "jiangsu.four_clear" {
  title   = "四清：家庭住址、工作单位、兴趣特长、服务意愿",
  clause  = DOC .. "二.3(1)",
  reading = "the member record holds a home address, a work unit, interests or specialties (one item, 兴趣特长) and a service willingness, none blank; n/a until the member has registered",
  applies = function(m, f)
    local ok, why = in_scope(m)
    if not ok then return false, why end
    if f.first_registration == nil then return false, "未报到，社区尚无其信息" end
    return true
  end,
  check   = function(m)
    local items = {
      { "家庭住址", m.address },
      { "工作单位", m.unit_name .. m.unit },
      { "兴趣特长", m.interests .. m.specialties },
      { "服务意愿", m.willingness },
    }
    local held, missing = 0, {}
    for _, item in ipairs(items) do
      if blank(item[2]) then
        missing[#missing + 1] = item[1]
      else
        held = held + 1
      end
    end
    if #missing == 0 then return true, held, #items end
    return false, held, #items, "缺少：" .. table.concat(missing, "、")
  end,
}

requirement "jiangsu.claim_post" {
  title   = "认领1个以上社区志愿服务项目和岗位",
  clause  = DOC .. "二.2(1)",
  reading = "a claim has no end date, so a post claimed in any year up to the as-of date counts",
  applies = in_scope,
  check   = function(m, f, p)
    return f.claims >= p.min_claims, f.claims, p.min_claims
  end,
}

requirement "jiangsu.services_2" {
  title   = "每年至少参加2次以上社区各类志愿服务活动",
  clause  = DOC .. "二.2(1)",
  reading = "complete service records (附件5: content, place, hours > 0, rating, verifier) of any kind dated in the year; an incomplete record does not count; for a member who left during the year, min_services for the whole months bound (rounded up)",
  applies = in_scope,
  check   = function(m, f, p)
    local min = quota(p.min_services, m)
    return f.services >= min, f.services, min,
      string.format("本年 %d 次、%.2f 小时（要求 %d 次）；爱心时间银行累计 %.2f 小时",
        f.services, f.hours, min, f.bank_hours)
  end,
}

requirement "jiangsu.suggestion_1" {
  title   = "每年提出1条以上促进社区建设的可行性建议",
  clause  = DOC .. "二.2(3)",
  reading = "every suggestion recorded in the year counts, adopted or not; for a member who left during the year, min_suggestions for the whole months bound (rounded up)",
  applies = in_scope,
  check   = function(m, f, p)
    local min = quota(p.min_suggestions, m)
    return f.suggestions >= min, f.suggestions, min
  end,
}

-- 二.2(1) and 二.2(3): the basic service requirements of 三.3.
local BASIC = {
  { "jiangsu.claim_post", "认领岗位" },
  { "jiangsu.services_2", "服务次数" },
  { "jiangsu.suggestion_1", "提出建议" },
}

requirement "jiangsu.award_eligible" {
  title   = "无故不报到或报到未达基本服务要求的，取消当年各类评先评优资格",
  clause  = DOC .. "三.3",
  reading = "ineligible when jiangsu.report fails and no unreported_reason is recorded, or when the member holds a registration and fails claim_post, services_2 or suggestion_1",
  applies = in_scope,
  check   = function(m, f, p, r)
    if r["jiangsu.report"] == "fail" and blank(m.unreported_reason) then
      return false, false, true, "无故未按期报到"
    end
    if f.first_registration ~= nil then
      local missed = {}
      for _, b in ipairs(BASIC) do
        if r[b[1]] == "fail" then missed[#missed + 1] = b[2] end
      end
      if #missed > 0 then
        return false, false, true, "已报到但未达基本服务要求：" .. table.concat(missed, "、")
      end
    end
    return true, true, true
  end,
}

-- 二.1(1) 单位党组织 "立足工作实际结对1个社区党组织": every unit is paired
-- with one community, recorded as the unit's community in orgs (an org
-- holds one, so "one" is the record's shape).  Its branches are the
-- unit's: only orgs of kind unit are asked.
requirement "jiangsu.unit_paired" {
  title   = "单位党组织结对1个社区党组织",
  clause  = DOC .. "二; 二.1(1)",
  reading = "the unit's paired community (community of orgs) is on record",
  level   = "org",
  kinds   = { "unit" },
  check   = function(o)
    if o.community ~= "" then return true, o.community, "结对社区" end
    return false, "", "结对社区", "未与社区党组织结对"
  end,
}

-- 三.3 积分: 服务次数、时长、成效 (the 记录卡's 优/良/一般) and 群众反映
-- (residents' ratings of the 微心愿 the member fulfilled); every point value
-- is a parameter.  A deceased member, and one not on the rolls in the
-- year, gets no score and so no stars.
score(function(m, f, p)
  if m.deceased then return nil end
  if m.left ~= nil and m.months_bound == 0 then return nil end
  return f.services * p.points_per_service
    + f.hours * p.points_per_hour
    + f.rated_excellent * p.points_rating_excellent
    + f.rated_good * p.points_rating_good
    + f.rated_fair * p.points_rating_fair
    + f.feedback_excellent * p.points_feedback_excellent
    + f.feedback_good * p.points_feedback_good
    + f.feedback_fair * p.points_feedback_fair
end)

-- 三.3 星级评定.
stars {
  bands = { { "1", 0 }, { "2", "star_2" }, { "3", "star_3" }, { "4", "star_4" }, { "5", "star_5" } },
}

-- 三.3 取消当年各类评先评优资格: only jiangsu.award_eligible takes it away;
-- no award goes to a deceased member or to one not on the rolls in the year.
award(function(m, f, p, r)
  if m.deceased or (m.left ~= nil and m.months_bound == 0) then return false end
  return r["jiangsu.award_eligible"] ~= "fail"
end)
