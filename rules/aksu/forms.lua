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
