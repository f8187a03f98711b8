-- The aksu pack's requirements: 柯柯牙社区党支部 notice (2015-08-20) and
-- 阿市党组发[2015]78号.  Member requirements first (报到, 认岗, 接单, 参与活动,
-- 退休通知, 编组), then the unit rates of 78号 二.  No score or grade: the
-- notices set none for members.

-- Whether a member had retired by the as-of date: a retirement date still
-- to come leaves the member in service (在职党员) until that day.
local function retired(m)
  return m.retired and (m.status_date == nil or m.status_date <= period.as_of)
end

-- The first of the names in PATH (an org and those above it, "a/b/c")
-- that PATTERN matches, or nil; each name is matched on its own, so a
-- pattern's look-arounds stay inside one name.  The regex module keeps
-- the answer for each name, so the names shared by the members of an org
-- are matched once.
local function path_match(pattern, path, skip_last)
  return (re.first(pattern, path, "/", 1, skip_last and -2 or -1))
end

-- The words for the ways of leaving, by status.
local LEFT = { transferred_out = "转出", deceased = "去世", reassigned = "调离" }

-- 78号 一 asks the members of the region's units (隶属关系): one who left
-- them (转出, 调离) is bound through the day of leaving, and not at all in a
-- year with no whole month served (m.months_bound 0); a deceased member is
-- not evaluated (see README.md, 离开的党员).
local function on_rolls(m)
  if m.deceased then return false, "党员已去世（" .. (m.left or "") .. "），不作评价" end
  if m.left ~= nil and m.months_bound == 0 then
    return false, "已于 " .. m.left .. " " .. LEFT[m.status] .. "，本年度不在册"
  end
  return true
end

-- A yearly minimum for the whole months of the year the member was bound
-- (all 12 unless the member left during the year), rounded up.
local function quota(min, m)
  return math.ceil(min * m.months_bound / 12)
end

-- Whether the notice binds the member (78号 一 适用对象), and why not.
-- The core has no attribute for the kind of unit, so the names of the
-- member's unit or branch and of every organisation above it (m.unit_path)
-- are matched against exempt_units and own_unit_units: a 特巡警大队党支部
-- under the 公安局党委 is exempt with its unit.  Whether the member lives in
-- the city (在阿克苏市城区居住) is read from the places above the residence
-- community (m.community_path) against outside_city; a member with no
-- residence community on record is one who has not reported and stays
-- bound, as does one whose community's places are not on record.
local function scope(m, p)
  local ok, why = on_rolls(m)
  if not ok then return false, why end
  if retired(m) then
    return false, "退休党员不在适用对象内（适用对象为在职党员和干部）"
  end
  if m.exempt then
    if m.exempt_reason ~= "" then return false, "豁免：" .. m.exempt_reason end
    return false, "豁免"
  end
  local place = m.community ~= "" and path_match(p.outside_city, m.community_path, true)
  if place then
    return false, "不在阿克苏市城区居住（居住社区属" .. place .. "），不在适用对象内"
  end
  local unit = path_match(p.exempt_units, m.unit_path)
  if unit then
    return false, "乡（镇）场、公安系统、安全、机要等单位在职党员干部不做硬性要求（" .. unit .. "）"
  end
  unit = path_match(p.own_unit_units, m.unit_path)
  if unit then
    return false, "街道（社区）在职党员和干部原则上参与本单位的为群众服务工作（" .. unit .. "）"
  end
  return true
end

-- scope() of the member the rules run for, worked out by the first of
-- its five requirements that asks: the locals keep it for the member's
-- next rules, and are nil again for the next member, since nothing one
-- member's calls write survives into the next's (baodao-rules(7),
-- Read-only after loading).  So the member is not read to say whose it
-- is: m.id, a field read, cost more than the rule that asks.
local scoped, scope_ok, scope_why

local function bound(m, p)
  if not scoped then
    scope_ok, scope_why = scope(m, p)
    scoped = true
  end
  return scope_ok, scope_why
end

-- The reporting deadline in force: 2015-09-10 in the campaign year, the
-- end of the year in any other year (the day of leaving for a member who
-- left during it).
local function report_deadline(p, m)
  if date.year(p.campaign_deadline) == period.year then return p.campaign_deadline end
  if m.left ~= nil and m.left < period.year_end then return m.left end
  return period.year_end
end

requirement "aksu.report" {
  title   = "到居住地社区报到（报到率100%），居住地变动后重新报到",
  clause  = "柯柯牙社区党支部通知 二(一)、四(二)；阿市党组发[2015]78号 一",
  reading = "a residence registration dated by the deadline (campaign_deadline in its year, 31 December otherwise, or the day of leaving for a member who left during the year), the latest of which is with the present residence community and not older than a recorded change of unit (member event unit_change); n/a for a member who left before the campaign deadline",
  applies = function(m, f, p)
    local ok, why = bound(m, p)
    if not ok then return false, why end
    if m.left ~= nil and m.left < report_deadline(p, m) then
      return false, "报到期限（" .. report_deadline(p, m) .. "）前已" .. LEFT[m.status]
    end
    if f.first_residence_registration == nil and period.as_of < report_deadline(p, m) then
      return false, "报到期限未到"
    end
    return true
  end,
  check   = function(m, f, p)
    local deadline = report_deadline(p, m)
    local first = f.first_residence_registration
    if first == nil then return false, nil, deadline, "未到居住地社区报到" end
    if first > deadline then return false, first, deadline, "报到晚于期限" end
    if not f.current_residence_registration then
      return false, first, deadline, "居住地变动后未到现居住社区重新报到"
    end
    if f.last_unit_change and (f.last_residence_registration or "") < f.last_unit_change then
      return false, f.last_residence_registration, f.last_unit_change,
        "单位或组织关系变动（" .. f.last_unit_change .. "）后未重新报到"
    end
    return true, first, deadline
  end,
}

requirement "aksu.claim_post" {
  title   = "认领服务岗位（认岗率100%）",
  clause  = "柯柯牙社区党支部通知 二(二)；阿市党组发[2015]78号 二",
  reading = "at least min_posts posts of the residence community (or of the whole region) claimed up to the as-of date, in any year",
  applies = function(m, f, p) return bound(m, p) end,
  check   = function(m, f, p)
    return f.posts_claimed >= p.min_posts, f.posts_claimed, p.min_posts
  end,
}

requirement "aksu.claim_wish" {
  title   = "认领“微心愿”100%（党员干部接单）",
  clause  = "阿市党组发[2015]78号 二",
  reading = "at least min_wishes 微心愿 taken (接单) by the member in the year, counted by the day taken, done or not; of a member who left during the year, min_wishes for the whole months bound (rounded up)",
  applies = function(m, f, p) return bound(m, p) end,
  check   = function(m, f, p)
    local min = quota(p.min_wishes, m)
    return f.wishes_taken >= min, f.wishes_taken, min
  end,
}

requirement "aksu.participate" {
  title   = "参与社区活动为群众服务100%",
  clause  = "阿市党组发[2015]78号 二、三.1",
  reading = "at least min_activities activity records of any kind in the year, in the residence or a 共驻共建 community; no 记录卡 completeness is required; of a member who left during the year, min_activities for the whole months bound (rounded up)",
  applies = function(m, f, p) return bound(m, p) end,
  check   = function(m, f, p)
    local min = quota(p.min_activities, m)
    return f.activities >= min, f.activities, min
  end,
}

-- 78号 一 binds the member's unit to notify, within retire_notice_days of
-- the retirement, the community the member reported to while in service
-- (在职时所报到的社区), recorded as a member event retire_notice.  The duty
-- is the notice's: a retirement before retire_notice_from owes none, and
-- nor does a member who never reported before retiring (there is no
-- community to notify).
requirement "aksu.retire_notice" {
  title   = "退休党员办理完手续后7天内由原单位通知在职时所报到的社区",
  clause  = "阿市党组发[2015]78号 一",
  reading = "for a member retired on or before the as-of date, on or after retire_notice_from, who registered with a community on or before the retirement date: the unit's notice, a member event retire_notice, dated at most retire_notice_days after the retirement (status_date); before that day an unrecorded notice is not yet due",
  applies = function(m, f, p)
    if not m.retired then return false, "在职党员不适用（仅适用于退休党员）" end
    if m.status_date == nil then return false, "退休日期未记录，无法计算通知期限" end
    if m.status_date > period.as_of then
      return false, "退休日期（" .. m.status_date .. "）未到，仍为在职党员"
    end
    if m.status_date < p.retire_notice_from then
      return false, "退休于通知施行（" .. p.retire_notice_from .. "）之前"
    end
    if f.first_registration == nil or f.first_registration > m.status_date then
      return false, "在职时未到社区报到，无所报到的社区可通知"
    end
    local due = date.add_days(m.status_date, p.retire_notice_days)
    if f.retire_notified == nil and period.as_of < due then
      return false, "通知期限未到（" .. due .. "）"
    end
    return true
  end,
  check   = function(m, f, p)
    local due = date.add_days(m.status_date, p.retire_notice_days)
    if f.retire_notified == nil then
      return false, nil, due, "原单位未通知社区（最迟应于" .. due .. "）"
    end
    return f.retire_notified <= due, f.retire_notified, due
  end,
}

requirement "aksu.group_enrolled" {
  title   = "编入楼栋党小组和网格服务团队或志愿服务团队",
  clause  = "阿市党组发[2015]78号 二",
  reading = "the member record names both a 楼栋党小组 (party_group) and a grid or volunteer team (team)",
  applies = function(m, f, p) return bound(m, p) end,
  check   = function(m)
    local missing = {}
    if m.party_group == "" then missing[#missing + 1] = "楼栋党小组" end
    if m.team == "" then missing[#missing + 1] = "网格服务团队或志愿服务团队" end
    if #missing == 0 then return true, 2, 2 end
    return false, 2 - #missing, 2, "未编入" .. table.concat(missing, "、")
  end,
}

-- A unit's rate over its members bound by a requirement (pass or fail;
-- n/a members are outside the rate), against unit_target_rate; a unit
-- below it loses unit_penalty_points of its party-building score (78号
-- 三.2), which the message states since organisations have no score.
local function unit_rate(passed, failed, p)
  local n = passed + failed
  local rate = passed / n
  if rate >= p.unit_target_rate then return true, rate, p.unit_target_rate end
  return false, rate, p.unit_target_rate,
    string.format("%d/%d 名党员达标（%.1f%%），低于 %.0f%%：扣除本单位当年党建工作分值 %g 分",
      passed, n, rate * 100, p.unit_target_rate * 100, p.unit_penalty_points)
end

local function has_bound(passed, failed)
  return passed + failed > 0, "本单位无适用党员"
end

requirement "aksu.unit_report_rate" {
  title   = "单位在职党员到社区报到率100%",
  clause  = "柯柯牙社区党支部通知 二(一)；阿市党组发[2015]78号 三.2",
  reading = "members passing aksu.report over those passing or failing it, in the unit and its branches",
  level   = "org",
  kinds   = { "unit" },
  applies = function(o, f) return has_bound(f.report_passed, f.report_failed) end,
  check   = function(o, f, p) return unit_rate(f.report_passed, f.report_failed, p) end,
}

requirement "aksu.unit_claim_post_rate" {
  title   = "单位在职党员认领服务岗位100%",
  clause  = "柯柯牙社区党支部通知 二(二)；阿市党组发[2015]78号 二、三.2",
  reading = "members passing aksu.claim_post over those passing or failing it",
  level   = "org",
  kinds   = { "unit" },
  applies = function(o, f) return has_bound(f.claim_post_passed, f.claim_post_failed) end,
  check   = function(o, f, p) return unit_rate(f.claim_post_passed, f.claim_post_failed, p) end,
}

requirement "aksu.unit_claim_wish_rate" {
  title   = "单位在职党员认领“微心愿”100%",
  clause  = "阿市党组发[2015]78号 二、三.2",
  reading = "members passing aksu.claim_wish over those passing or failing it",
  level   = "org",
  kinds   = { "unit" },
  applies = function(o, f) return has_bound(f.claim_wish_passed, f.claim_wish_failed) end,
  check   = function(o, f, p) return unit_rate(f.claim_wish_passed, f.claim_wish_failed, p) end,
}

requirement "aksu.unit_participate_rate" {
  title   = "单位在职党员参与社区活动为群众服务100%",
  clause  = "阿市党组发[2015]78号 二、三.2",
  reading = "members passing aksu.participate over those passing or failing it",
  level   = "org",
  kinds   = { "unit" },
  applies = function(o, f) return has_bound(f.participate_passed, f.participate_failed) end,
  check   = function(o, f, p) return unit_rate(f.participate_passed, f.participate_failed, p) end,
}
