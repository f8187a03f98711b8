-- The points and grades table of 昌州建党〔2023〕69号 二(二)8 (量化积分,
-- 好/较好/一般/差, 志愿服务之星 candidates), one row per member.  The
-- notice prints no form: these are the lists 二(二)8 has 公示 in the
-- communities and the bureau.

-- A yes or no as the lists print it.
local function yes(b) return b and "是" or "否" end

-- Whether the member was on the rolls in the year: one who left (转出,
-- 去世, 调离) before it, or with no whole month served in it, is in none
-- of its forms (see README.md, 离开的党员).
local function on_rolls(m) return m.left == nil or m.months_bound > 0 end

form "points" {
  title  = "在职党员干部到社区报到参与志愿服务积分及等次评定表",
  clause = "昌州建党〔2023〕69号 二(二)8",
  rows   = "member",
  facts  = { "residence_services", "lectures", "wishes_done", "community_events", "breaches" },
  when   = on_rolls,
  columns = {
    { "姓名", "name" },
    { "单位", "unit_name" },
    { "报到社区", "community_name" },
    { "居住地社区服务（次）", function(m, f) return f.residence_services end },
    { "宣讲（次）", function(m, f) return f.lectures end },
    { "微心愿（个）", function(m, f) return f.wishes_done end },
    { "社区活动（次）", function(m, f) return f.community_events end },
    { "违纪", function(m, f) return yes(f.breaches > 0) end },
    { "积分", function(m, f, p, r, s) return s.score end },
    { "等次", function(m, f, p, r, s) return s.grade end },
    { "志愿服务之星候选", function(m, f, p, r, s) return yes(s.award) end },
  },
}

-- The four lists (二(二)8 评定为好、较好、一般、差四个等次): one per grade,
-- the members graded so, with their points.
local function list(name, grade)
  form(name) {
    title  = "在职党员干部积分评定" .. grade .. "等次名单",
    clause = "昌州建党〔2023〕69号 二(二)8",
    rows   = "member",
    facts  = { "breaches" },
    when   = function(m, f, p, r, s) return s.grade == grade and s.score ~= nil end,
    columns = {
      { "姓名", "name" },
      { "单位", "unit_name" },
      { "报到社区", "community_name" },
      { "积分", function(m, f, p, r, s) return s.score end },
      { "违纪", function(m, f) return yes(f.breaches > 0) end },
    },
  }
end

list("list_good", "好")
list("list_fairly_good", "较好")
list("list_fair", "一般")
list("list_poor", "差")

-- 二(二)8 评选表彰“志愿服务之星”“最美下沉干部”: the candidates, ranked by
-- points, the top model_top of those who met every duty without a breach.
form "model_candidates" {
  title  = "“最美下沉干部”候选人（按积分排序）",
  clause = "昌州建党〔2023〕69号 二(二)8",
  rows   = "member",
  facts  = { "breaches" },
  when   = function(m, f, p, r, s)
    return s.score ~= nil and f.breaches == 0 and r["changji.residence_services_4"] == "pass"
      and r["changji.report_residence"] == "pass"
  end,
  order  = function(m, f, p, r, s) return s.score end,
  top    = "model_top",
  columns = {
    { "姓名", "name" },
    { "单位", "unit_name" },
    { "积分", function(m, f, p, r, s) return s.score end },
    { "等次", function(m, f, p, r, s) return s.grade end },
    { "志愿服务之星候选", function(m, f, p, r, s) return yes(s.award) end },
  },
}
