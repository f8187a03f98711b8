-- The ledgers of 阿市党组发[2015]78号 and the 柯柯牙 notice: the 报到台帐
-- and the 参与活动情况台帐 (78号 二、三), and the 爱心银行 card balance.
-- Phone numbers are personal: masked unless --reveal.

form "roll" {
  title  = "在职党员到社区报到台帐",
  clause = "阿市党组发[2015]78号 二; 柯柯牙 二(一)",
  rows   = "member",
  columns = {
    { "姓名", "name" },
    { "单位", "unit_name" },
    { "职务", "position" },
    { "联系电话", "phone", personal = true },
    { "居住社区", "community" },
    { "报到日期", function(m, f) return f.first_residence_registration or "" end },
    { "楼栋党小组", "party_group" },
    { "网格/志愿服务团队", "team" },
    { "认岗", function(m, f, p, r) return r["aksu.claim_post"] end },
    { "接单", function(m, f, p, r) return r["aksu.claim_wish"] end },
    { "爱心银行积分", function(m, f) return f.love_bank_balance end },
  },
}

form "activities" {
  title  = "在职党员参与社区活动情况台帐",
  clause = "阿市党组发[2015]78号 二、三.1",
  rows   = "activity",
  columns = {
    { "姓名", "member_name" },
    { "单位", "unit_name" },
    { "日期", "date" },
    { "活动内容", "content" },
    { "地点", "place" },
    { "时长（小时）", "hours" },
    { "社区", "community" },
    { "评价", "rating" },
  },
}

-- 三单制 (78号 二): the 微心愿 ledger, every wish with its states.
form "wishes" {
  title  = "微心愿“三单制”台帐",
  clause = "阿市党组发[2015]78号 二",
  rows   = "wish",
  columns = {
    { "编号", "wish" },
    { "社区", "community" },
    { "居民", "resident", personal = true },
    { "心愿内容", "content" },
    { "居民点单", "ordered" },
    { "支部下单", "dispatched" },
    { "下单支部", "dispatcher" },
    { "党员接单", "taken" },
    { "接单党员", "taker_name" },
    { "完成", "done" },
    { "评价", "rating" },
    { "状态", "state" },
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
