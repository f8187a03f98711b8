-- Requirements of 凤组发〔2014〕42号: reporting by the yearly deadline (三.1)
-- and the "五个一" of 二(一)1-5 for every in-service member living in a
-- county-town community.  争当服务标兵 (二(一)5) is no pass/fail duty: the
-- pack names the members meeting the other five duties as candidates.

-- Whether a member had retired by the as-of date: a retirement date still
-- to come leaves the member in service (在职党员) until that day.
local function retired(m)
  return m.retired and (m.status_date == nil or m.status_date <= period.as_of)
end

-- 一: "凡是居住在县城社区的县镇机关、企事业单位的所有在职党员".  Retired
-- members, exempt members and members living outside a county-town
-- community are not bound; the second value is the n/a message.
local LEFT = { transferred_out = "转出", deceased = "去世", reassigned = "调离" }

-- The notice asks 所有在职党员 of the county's organs and enterprises; one
-- who left them (转出, 调离) is bound through the day of leaving, and not at
-- all in a year with no whole month served (m.months_bound 0).  A
-- deceased member is not evaluated (see README.md, 离开的党员).
local function bound_now(m, f, p)
  if m.deceased then return false, "党员已去世（" .. (m.left or "") .. "），不作评价" end
  if m.left ~= nil and m.months_bound == 0 then
    return false, "已于 " .. m.left .. " " .. LEFT[m.status] .. "，本年度不在册"
  end
  if retired(m) then return false, "退休党员不在本意见范围（在职党员）" end
  if m.exempt then
    return false, m.exempt_reason ~= "" and "免于报到：" .. m.exempt_reason or "免于报到"
  end
  if m.community == "" or not re.full(p.county_town_communities, m.community) then
    return false, "不居住在县城社区，不在本意见范围"
  end
  return true
end

-- bound() is asked by every duty of one member: the answer is kept for
-- the member it was found for, in locals the core puts back after each
-- member (baodao-rules(7), "Read-only after loading").
local bound_for, bound_ok, bound_why
local function bound(m, f, p)
  local id = m.id
  if id ~= bound_for then
    bound_ok, bound_why = bound_now(m, f, p)
    bound_for = id
  end
  return bound_ok, bound_why
end

-- The five duties a 服务标兵 candidate meets (二(一)1-4).
local DUTIES = {
  "fengxiang.claim_post", "fengxiang.service_2_or_8h", "fengxiang.suggestion_1",
  "fengxiang.public_welfare_1", "fengxiang.pair_household",
}

-- A yearly minimum for the whole months of the year the member was bound
-- (all 12 unless the member left during the year), rounded up.
local function quota(min, m)
  return math.ceil(min * m.months_bound / 12)
end

local function candidate(r)
  for _, id in ipairs(DUTIES) do
    if r[id] ~= "pass" then return false end
  end
  return true
end

-- Before the deadline a member not yet registered is not yet late.
local function report_due(m, f, p)
  local ok, why = bound(m, f, p)
  if not ok then return false, why end
  local deadline = date.in_year(period.year, p.report_deadline)
  if m.left ~= nil and m.left < deadline then
    return false, "报到期限 " .. deadline .. " 前已" .. LEFT[m.status]
  end
  if f.first_residence_registration == nil and period.as_of < deadline then
    return false, "报到期限 " .. deadline .. " 未到"
  end
  return true
end

requirement "fengxiang.report" {
  title   = "按期到居住地社区报到，亮明身份",
  clause  = "凤组发〔2014〕42号 二(三)2; 三.1",
  reading = "a registration with the present residence community dated on or before report_deadline of the evaluation year, made that year or earlier; n/a for a member who left before that day",
  applies = report_due,
  check   = function(m, f, p)
    local deadline = date.in_year(period.year, p.report_deadline)
    local first = f.first_residence_registration
    if first == nil then return false, nil, deadline, "未到居住地社区报到" end
    return first <= deadline, first, deadline
  end,
}

requirement "fengxiang.claim_post" {
  title   = "认领一个服务岗位",
  clause  = "凤组发〔2014〕42号 二(一)1",
  reading = "a post of the residence community or of the whole county claimed in any year up to the as-of date",
  applies = bound,
  check   = function(m, f, p) return f.claims >= p.min_claims, f.claims, p.min_claims end,
}

requirement "fengxiang.service_2_or_8h" {
  title   = "每年至少参加2次以上或不少于8小时的服务居民群众活动",
  clause  = "凤组发〔2014〕42号 二(一)1",
  reading = "activity records of any kind in the residence community signed by a verifier (写实登记卡); min_services of them or min_hours hours, each for the whole months bound (rounded up) when the member left during the year",
  applies = bound,
  check   = function(m, f, p)
    local services, hours = quota(p.min_services, m), quota(p.min_hours, m)
    if f.services >= services then return true, f.services, services end
    return f.service_hours >= hours, f.service_hours, hours,
      string.format("%d 次（要求 %d 次）或 %.2f 小时（要求 %g 小时）", f.services,
        services, f.service_hours, hours)
  end,
}

requirement "fengxiang.suggestion_1" {
  title   = "每年至少提出1条以上有价值的意见、建议",
  clause  = "凤组发〔2014〕42号 二(一)2",
  reading = "any suggestion the community recorded in the year is 有价值的, unless suggestion_must_be_adopted asks for adopted ones; min_suggestions for the whole months bound (rounded up)",
  applies = bound,
  check   = function(m, f, p)
    local n, min = f.suggestions, quota(p.min_suggestions, m)
    if p.suggestion_must_be_adopted then n = f.adopted_suggestions end
    return n >= min, n, min
  end,
}

requirement "fengxiang.public_welfare_1" {
  title   = "每年参加一次社区公益活动、社区文化活动、社区环境整治或社区治安管理活动",
  clause  = "凤组发〔2014〕42号 二(一)3",
  reading = "signed records in the residence community of kind public_welfare, community_event, good_deed, culture, environment or public_security; plain services, lectures and visits do not count; min_public_welfare for the whole months bound (rounded up)",
  applies = bound,
  check   = function(m, f, p)
    local min = quota(p.min_public_welfare, m)
    return f.public_welfare >= min, f.public_welfare, min
  end,
}

requirement "fengxiang.pair_household" {
  title   = "结对帮扶一户困难家庭，每月至少深入居民家中一次",
  clause  = "凤组发〔2014〕42号 二(一)4",
  reading = "a pairing overlapping the year with a 贫困户, 困难党员, 残疾人, 贫困学生 or 孤寡老人, and a record naming the household in every month of it that falls in the year; of a member who left during the year, only the whole months bound",
  applies = bound,
  check   = function(m, f, p)
    if f.pairings < p.min_pairings then
      return false, f.pairings, p.min_pairings,
        string.format("结对帮扶 %d 户（要求 %d 户）", f.pairings, p.min_pairings)
    end
    -- The months after the last whole month bound are not asked.
    local allowed = p.max_unvisited_months + (12 - m.months_bound)
    return f.unvisited_months <= allowed, f.unvisited_months, allowed,
      string.format("结对期内 %d 个月未入户", f.unvisited_months)
  end,
}

requirement "fengxiang.service_model" {
  title   = "争当一名服务标兵（候选）",
  clause  = "凤组发〔2014〕42号 二(一)5",
  reading = "not a pass/fail duty: pass marks a 服务标兵 candidate (the five duties above all pass), n/a everyone else; never fail",
  applies = function(m, f, p, r)
    local ok, why = bound(m, f, p)
    if not ok then return false, why end
    return candidate(r), "未同时达到认岗、服务、建议、公益、结对五项，不是服务标兵候选人"
  end,
  check   = function()
    return true, true, true, "五项全部达到：服务标兵候选人"
  end,
}

-- 服务标兵 candidacy (二(一)5, 三.3: the member's record in the community is a
-- ground for 推荐优秀共产党员 and 评先树优).
award(function(m, f, p, r) return r["fengxiang.service_model"] == "pass" end)
