-- The requirements, points, grades and award of 昌州建党〔2023〕69号
-- (昌吉州住建局党组): member duties of 二(二)6-7 and 三(二), the 积分制
-- of 二(二)8, and the branch and unit duties of 二(一) and 二(二)6, 8.

local LEFT = { transferred_out = "转出", deceased = "去世", reassigned = "调离" }

-- The library functions the rules call for every member, as locals: a
-- global and its field are two lookups in the sealed globals per call.
local ceil, min, format = math.ceil, math.min, string.format

-- 全局在职党员干部 are the bureau's own: one who left it (转出, 调离) is bound
-- through the day of leaving, and not at all in a year with no whole month
-- served (m.months_bound 0); a deceased member is not evaluated or graded
-- (see README.md, 离开的党员).
local function on_rolls(m)
  if m.deceased then return false, "党员已去世（" .. (m.left or "") .. "），不作评价" end
  if m.left ~= nil and m.months_bound == 0 then
    return false, "已于 " .. m.left .. " " .. LEFT[m.status] .. "，本年度不在册"
  end
  return true
end

-- The notice binds 全局在职党员干部: a member retired on or before the
-- as-of date, or exempt from reporting, owes none of the duties.
local function bound_now(m)
  local ok, why = on_rolls(m)
  if not ok then return false, why end
  if m.retired and (m.status_date == nil or m.status_date <= period.as_of) then
    return false, "退休党员不在本方案范围（全局在职党员干部）"
  end
  if m.exempt then return false, "免于报到：" .. m.exempt_reason end
  return true
end

-- bound() is asked by every duty, the score and the award of one member:
-- the answer is kept for the member it was found for, in locals the core
-- puts back after each member (baodao-rules(7), "Read-only after loading").
local bound_for, bound_ok, bound_why
local function bound(m)
  local id = m.id
  if id ~= bound_for then
    bound_ok, bound_why = bound_now(m)
    bound_for = id
  end
  return bound_ok, bound_why
end

-- Retirement alone takes a member out of the discipline of 三(二).
local function in_service(m)
  local ok, why = on_rolls(m)
  if not ok then return false, why end
  if m.retired and (m.status_date == nil or m.status_date <= period.as_of) then
    return false, "退休党员不在本方案范围（全局在职党员干部）"
  end
  return true
end

local function at_least(n, least)
  return n >= least, n, least, format("%d（要求至少 %d）", n, least)
end

-- A yearly minimum for MONTHS of the year the member was bound (all 12
-- unless the member left during the year), rounded up.  A whole year is
-- the minimum itself: nearly every member's, asked eleven times a member,
-- so without the library call.
local function quota(least, months)
  if months == 12 then return least end
  return ceil(least * months / 12)
end

-- at_least of the quota of a yearly minimum.  One call, since every
-- member's duties ask it.
local function at_least_quota(n, least, m)
  return at_least(n, quota(least, m.months_bound))
end

requirement "changji.report_residence" {
  title   = "到居住地社区党组织报到",
  clause  = "昌州建党〔2023〕69号 二(二)6-7",
  reading = "a registration, made on or before the as-of date, with the community the member lives in now",
  applies = bound,
  check   = function(m, f)
    return f.residence_registered, f.residence_registered, true
  end,
}

requirement "changji.residence_services_4" {
  title   = "每年至少在居住地社区服务4次",
  clause  = "昌州建党〔2023〕69号 二(二)6",
  reading = "any activity of the year in the residence community that the community signed (认证签字) is a service; of a member who left during the year, the minimum for the whole months bound (rounded up)",
  applies = bound,
  check   = function(m, f, p) return at_least_quota(f.residence_services, p.min_residence_services, m) end,
}

requirement "changji.claim_post" {
  title   = "每年至少认领1个服务项目或服务岗位",
  clause  = "昌州建党〔2023〕69号 二(二)7",
  reading = "a claim dated in the year, of a post of any community or of the whole region; of a member who left during the year, the minimum for the whole months bound (rounded up)",
  applies = bound,
  check   = function(m, f, p) return at_least_quota(f.claims, p.min_claims, m) end,
}

requirement "changji.lecture_1" {
  title   = "每年至少开展1次宣讲活动",
  clause  = "昌州建党〔2023〕69号 二(二)7",
  reading = "a signed activity of kind lecture in the year, in any community; of a member who left during the year, the minimum for the whole months bound (rounded up)",
  applies = bound,
  check   = function(m, f, p) return at_least_quota(f.lectures, p.min_lectures, m) end,
}

requirement "changji.wish_1" {
  title   = "每年至少完成1个“微心愿”",
  clause  = "昌州建党〔2023〕69号 二(二)7",
  reading = "a wish the member took whose done date falls in the year, up to the as-of date; of a member who left during the year, the minimum for the whole months bound (rounded up)",
  applies = bound,
  check   = function(m, f, p) return at_least_quota(f.wishes_done, p.min_wishes, m) end,
}

requirement "changji.community_event_1" {
  title   = "每年至少参加1次社区活动",
  clause  = "昌州建党〔2023〕69号 二(二)7",
  reading = "a signed activity of kind community_event in the year, in any community; of a member who left during the year, the minimum for the whole months bound (rounded up)",
  applies = bound,
  check   = function(m, f, p) return at_least_quota(f.community_events, p.min_community_events, m) end,
}

-- 二(二)6 "服从组织派遣，到单位联系社区开展服务": besides the residence
-- community, the member serves where the unit sends it, the community its
-- branch is designated to (or its unit is paired with).  The notice gives
-- no count: at least min_liaison_services a year.
requirement "changji.liaison_service" {
  title   = "服从组织派遣，到单位联系社区开展服务",
  clause  = "昌州建党〔2023〕69号 二(二)6",
  reading = "at least min_liaison_services activities of the year, of any kind, signed by the community, in the liaison community of the member's branch (its designated community, else the one its unit is paired with); of a member who left during the year, the minimum for the whole months bound (rounded up)",
  applies = bound,
  check   = function(m, f, p) return at_least_quota(f.liaison_services, p.min_liaison_services, m) end,
}

requirement "changji.discipline" {
  title   = "严明工作纪律：不开展无关活动、不干扰社区秩序、不提办公用车就餐补助要求、不“吃拿卡要”",
  clause  = "昌州建党〔2023〕69号 三(二)",
  reading = "no breach of any kind recorded in the year; it binds exempt members too",
  applies = in_service,
  check   = function(m, f) return f.breaches == 0, f.breaches, 0 end,
}

-- ---- Branch and unit ----

requirement "changji.branch_reported" {
  title   = "党支部到指定社区报到",
  clause  = "昌州建党〔2023〕69号 二(一)1",
  reading = "a branch whose designated community is on record has reported; no date of a branch's 报到 is kept",
  level   = "org",
  kinds   = { "branch" },
  check   = function(o) return o.community ~= "", o.community, "指定社区" end,
}

requirement "changji.four_lists" {
  title   = "梳理建立服务资源、居民需求、民生项目、责任落实“四张清单”",
  clause  = "昌州建党〔2023〕69号 二(一)2; 三(一)",
  reading = "a four_lists record of the branch dated on or before the as-of date, in any year",
  level   = "org",
  kinds   = { "branch" },
  check   = function(o, f) return f.four_lists, f.four_lists, true end,
}

requirement "changji.good_deeds_3" {
  title   = "每年至少办3件实事好事",
  clause  = "昌州建党〔2023〕69号 二(一)2",
  level   = "org",
  kinds   = { "branch" },
  check   = function(o, f, p) return at_least(f.good_deeds, p.min_good_deeds) end,
}

requirement "changji.ethnic_unity_1" {
  title   = "每年组织在职党员干部到社区开展1次民族团结联谊活动",
  clause  = "昌州建党〔2023〕69号 二(一)4",
  level   = "org",
  kinds   = { "branch" },
  check   = function(o, f, p) return at_least(f.ethnic_unity, p.min_ethnic_unity) end,
}

requirement "changji.theme_day_1" {
  title   = "每年组织在职党员干部到社区开展1次“党旗映天山”主题党日活动",
  clause  = "昌州建党〔2023〕69号 二(一)4",
  reading = "any theme_day record of the branch in the year; its theme is not checked",
  level   = "org",
  kinds   = { "branch" },
  check   = function(o, f, p) return at_least(f.theme_days, p.min_theme_days) end,
}

-- 二(一)5 述职评议: the branch secretary reports each year (结对共建、参与
-- 治理、服务群众) to the street, the community and residents; recorded as an
-- org event of kind report (述职) of the branch.
requirement "changji.branch_report_yearly" {
  title   = "党支部书记每年就结对共建、参与治理、服务群众等情况进行述职",
  clause  = "昌州建党〔2023〕69号 二(一)5",
  reading = "at least min_branch_reports report (述职) records of the branch dated in the year, up to the as-of date",
  level   = "org",
  kinds   = { "branch" },
  check   = function(o, f, p) return at_least(f.branch_reports, p.min_branch_reports) end,
}

-- Members bound by the notice: those for whom residence_services_4 is not n/a.
local function bound_members(o, f)
  return f.members - f.unbound > 0, "没有须报到服务的在职党员"
end

requirement "changji.effective_rate_80" {
  title   = "有效报到服务率达80%以上",
  clause  = "昌州建党〔2023〕69号 二(二)6",
  reading = "members meeting changji.residence_services_4 over the members it binds (retired and exempt left out)",
  level   = "org",
  kinds   = { "unit", "branch" },
  applies = bound_members,
  check   = function(o, f, p)
    local n = f.members - f.unbound
    local rate = f.effective / n
    return rate >= p.effective_rate, rate, p.effective_rate,
      format("%d/%d 名党员在居住地社区服务达标", f.effective, n)
  end,
}

requirement "changji.all_good" {
  title   = "全面下沉社区在职党员均取得较好以上等次",
  clause  = "昌州建党〔2023〕69号 二(二)8",
  reading = "every member the notice binds is graded 好 or 较好",
  level   = "org",
  kinds   = { "unit", "branch" },
  applies = bound_members,
  check   = function(o, f)
    local n = f.members - f.unbound
    return f.graded_good >= n, f.graded_good, n,
      format("%d/%d 名党员为较好以上等次", f.graded_good, n)
  end,
}

-- ---- Points (二(二)8) ----

-- A member's points: each basic duty met earns its points, and every count
-- beyond a duty's minimum earns points_extra, up to max_extra_points.  A
-- member who left during the year is graded on the minimums of the whole
-- months bound; a deceased one is not graded.
-- Members the notice does not bind are not graded: no score, no grade
-- (they are left out of the four lists and of all_good's count).
-- How far the count n is beyond least: 0 when it is not (math.max(0, n -
-- least) without the library call).
local function beyond(n, least)
  local d = n - least
  if d > 0 then return d end
  return 0
end

local function points_now(m, f, p, r)
  if not bound(m) then return nil end
  local total = 0
  if r["changji.report_residence"] == "pass" then total = total + p.points_report end
  if r["changji.residence_services_4"] == "pass" then total = total + p.points_residence_services end
  if r["changji.claim_post"] == "pass" then total = total + p.points_claim end
  if r["changji.lecture_1"] == "pass" then total = total + p.points_lecture end
  if r["changji.wish_1"] == "pass" then total = total + p.points_wish end
  if r["changji.community_event_1"] == "pass" then total = total + p.points_community_event end
  -- The counts beyond each minimum, the minimum as at_least_quota makes
  -- it; the months are read once (the score is asked of every member).
  local months = m.months_bound
  local extra = beyond(f.residence_services, quota(p.min_residence_services, months))
    + beyond(f.claims, quota(p.min_claims, months))
    + beyond(f.lectures, quota(p.min_lectures, months))
    + beyond(f.wishes_done, quota(p.min_wishes, months))
    + beyond(f.community_events, quota(p.min_community_events, months))
  return total + min(p.max_extra_points, extra * p.points_extra)
end

-- Asked by the score and again by the award, once every duty has its
-- outcome: kept for the member, as bound() is.
local points_for, points_total
local function points(m, f, p, r)
  local id = m.id
  if id ~= points_for then
    points_total = points_now(m, f, p, r)
    points_for = id
  end
  return points_total
end

score(points)

grade {
  bands = { { "差", 0 }, { "一般", "grade_fair" }, { "较好", "grade_fairly_good" }, { "好", "grade_good" } },
  cap = function(m, f, p) if f.breaches > 0 then return p.breach_grade_cap end end,
}

-- The award flag marks a 志愿服务之星 candidate: every duty met, no breach,
-- and at least star_min_score points.  The ranking among candidates (and
-- 最美下沉干部) is left to the year-end 评比.  A duty not in force in the
-- year (n/a: one added from a later date) does not block it; for the
-- members bound() admits, every duty below applies.
local DUTIES = {
  "changji.report_residence", "changji.residence_services_4", "changji.claim_post",
  "changji.lecture_1", "changji.wish_1", "changji.community_event_1", "changji.liaison_service",
  "changji.discipline",
}
-- Counted once here: the award walks the duties of every member with a
-- numeric for, which calls no library function per duty as ipairs does.
local NDUTIES = #DUTIES

award(function(m, f, p, r)
  if not bound(m) then return false end
  for i = 1, NDUTIES do
    local s = r[DUTIES[i]]
    if s ~= "pass" and s ~= "n/a" then return false end
  end
  return points(m, f, p, r) >= p.star_min_score
end)
