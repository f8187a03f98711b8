-- The ledgers of 阿市党组发[2015]78号 and the 柯柯牙 notice: the 报到台帐
-- and the 参与活动情况台帐 (78号 二、三), and the 爱心银行 card balance.
-- Phone numbers are personal: masked unless --reveal.

-- An outcome as the 台帐 writes it.
local DONE = { pass = "已完成", fail = "未完成", ["n/a"] = "不适用", error = "无法判定" }

-- The org the 台帐 is kept for (--org), by name, or a blank to fill in.
local function org_or_blank(o) return o and o.name or "________" end

-- Whether the member was on the rolls in the year: one who left (转出,
-- 去世, 调离) before it, or with no whole month served in it, is in none
-- of its forms (see README.md, 离开的党员).
local function on_rolls(m) return m.left == nil or m.months_bound > 0 end

form "roll" {
  title  = "在职党员到社区报到台帐",
  clause = "阿市党组发[2015]78号 二; 柯柯牙 二(一)",
  rows   = "member",
  heading = { function(o, year) return "社区：" .. org_or_blank(o) .. "　　年度：" .. year end },
  facts  = { "first_residence_registration", "love_bank_balance" },
  when   = on_rolls,
  columns = {
    { "姓名", "name" },
    { "单位", "unit_name" },
    { "职务", "position" },
    { "联系电话", "phone", personal = true },
    { "居住社区", "community_name" },
    { "报到日期", function(m, f) return f.first_residence_registration or "" end },
    { "楼栋党小组", "party_group" },
    { "网格/志愿服务团队", "team" },
    { "认岗", function(m, f, p, r) return DONE[r["aksu.claim_post"]] or "" end },
    { "接单", function(m, f, p, r) return DONE[r["aksu.claim_wish"]] or "" end },
    { "爱心银行积分", function(m, f) return f.love_bank_balance end },
  },
}

form "activities" {
  title  = "在职党员参与社区活动情况台帐",
  clause = "阿市党组发[2015]78号 二、三.1",
  rows   = "activity",
  heading = { function(o, year) return "社区：" .. org_or_blank(o) .. "　　年度：" .. year end },
  columns = {
    { "姓名", "member_name" },
    { "单位", "unit_name" },
    { "日期", "date" },
    { "活动内容", "content" },
    { "地点", "place" },
    { "时长（小时）", "hours" },
    { "社区", "community_name" },
    { "评价", "rating" },
  },
}

-- 三单制 (78号 二): the 微心愿 ledger, every wish with its states.
local STATES = { ordered = "居民已点单", dispatched = "支部已下单", taken = "党员已接单",
  done = "已完成", rated = "已评价" }
form "wishes" {
  title  = "微心愿“三单制”台帐",
  clause = "阿市党组发[2015]78号 二",
  rows   = "wish",
  columns = {
    { "编号", "wish" },
    { "社区", "community_name" },
    { "居民", "resident", personal = true },
    { "心愿内容", "content" },
    { "居民点单", "ordered" },
    { "支部下单", "dispatched" },
    { "下单支部", "dispatcher_name" },
    { "党员接单", "taken" },
    { "接单党员", "taker_name" },
    { "完成", "done" },
    { "评价", "rating" },
    { "状态", function(w) return STATES[w.state] or w.state end },
  },
}

-- 爱心银行储蓄卡 (78号 二: 活动享积分、积分享服务): every entry, with the balance.
form "bank" {
  title  = "爱心银行储蓄卡",
  clause = "阿市党组发[2015]78号 二",
  rows   = "ledger",
  columns = {
    { "党员姓名", "member_name" },
    { "单位", "unit_name" },
    { "日期", "date" },
    { "积分", "points" },
    { "事由", "reason" },
    { "余额", "balance" },
  },
}

-- 两个百分之百 (78号 二、三.2): each unit's rates against 100 %, and the
-- letter the street sends each unit 10 days before the year-end assessment
-- telling it how its members took part (发函告知, 78号 三.4).  A unit counts
-- its branches' members; members the notice does not bind are left out,
-- and a unit with none of them gets no letter.
local function rate(passed, failed)
  local n = passed + failed
  if n == 0 then return "—" end
  return string.format("%.1f%%", 100 * passed / n)
end

local function bound(f) return f.report_passed + f.report_failed end

-- Whether any member of the unit is bound by one of the four duties.
local function any_bound(f)
  return bound(f) + f.claim_post_passed + f.claim_post_failed + f.claim_wish_passed
    + f.claim_wish_failed + f.participate_passed + f.participate_failed > 0
end

form "rates" {
  title  = "在职党员到社区报到“两个百分之百”情况表",
  clause = "阿市党组发[2015]78号 二、三.2; 柯柯牙 二",
  rows   = "org",
  kinds  = { "unit" },
  facts  = {
    "report_passed", "report_failed", "claim_post_passed", "claim_post_failed",
    "claim_wish_passed", "claim_wish_failed", "participate_passed", "participate_failed",
  },
  columns = {
    { "单位", "name" },
    { "应报到党员", function(o, f) return bound(f) end },
    { "报到率", function(o, f) return rate(f.report_passed, f.report_failed) end },
    { "认岗率", function(o, f) return rate(f.claim_post_passed, f.claim_post_failed) end },
    { "接单率", function(o, f) return rate(f.claim_wish_passed, f.claim_wish_failed) end },
    { "参与率", function(o, f) return rate(f.participate_passed, f.participate_failed) end },
    { "全部达标", function(o, f, p, r)
        local met = r["aksu.unit_report_rate"] ~= "fail" and r["aksu.unit_claim_post_rate"] ~= "fail"
          and r["aksu.unit_claim_wish_rate"] ~= "fail" and r["aksu.unit_participate_rate"] ~= "fail"
        return met and "是" or "否"
      end },
  },
}

form "letter" {
  title  = "在职党员和干部参与社区活动情况告知函",
  clause = "阿市党组发[2015]78号 三.4",
  rows   = "org",
  kinds  = { "unit" },
  when   = function(o, f) return any_bound(f) end,
  facts  = {
    "report_passed", "report_failed", "claim_post_passed", "claim_post_failed",
    "claim_wish_passed", "claim_wish_failed", "participate_passed", "participate_failed",
  },
  columns = {
    { "单位", "name" },
    { "函", function(o, f, p, r)
        local short = {}
        if r["aksu.unit_report_rate"] == "fail" then short[#short + 1] = "报到率" end
        if r["aksu.unit_claim_post_rate"] == "fail" then short[#short + 1] = "认岗率" end
        if r["aksu.unit_claim_wish_rate"] == "fail" then short[#short + 1] = "接单率" end
        if r["aksu.unit_participate_rate"] == "fail" then short[#short + 1] = "参与率" end
        local text = string.format("%s：现将贵单位在职党员和干部%d年参与社区活动情况函告如下："
          .. "应到社区报到的在职党员%d名，报到率%s、认岗率%s、接单率%s、参与率%s。",
          o.name, period.year, bound(f), rate(f.report_passed, f.report_failed),
          rate(f.claim_post_passed, f.claim_post_failed),
          rate(f.claim_wish_passed, f.claim_wish_failed),
          rate(f.participate_passed, f.participate_failed))
        if #short == 0 then return text .. "各项均达到百分之百，特此函告。" end
        return text .. table.concat(short, "、") .. "未达到百分之百，按规定扣减党建工作分值"
          .. string.format("%g", p.unit_penalty_points) .. "分，特此函告。"
      end },
    { "街道党（工）委（盖章）", function() return "" end },
    { "日期", function() return "    年  月  日" end },
  },
}
