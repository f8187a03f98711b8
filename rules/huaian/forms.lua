-- The forms of the 淮安 实施意见 (2014-08): 附表1, 附表3, 附表4.

-- 单位及职务: the position as clerks typed it often names the unit already.
local function unit_and_position(m)
  if m.position:find(m.unit_name, 1, true) then return m.position end
  return (m.unit_name .. " " .. m.position):gsub(" $", "")
end

-- Phone numbers and addresses are personal: masked unless --reveal.

fact "huaian_post_code" { latest = "post", of = "claim", within = "through" }
fact "huaian_registered_at" { latest = "community", of = "registration", within = "through" }

-- 附表1 在职党员信息登记表 (说明3: 认领岗位 is filled in by its code).
form "info" {
  title  = "在职党员信息登记表",
  clause = "淮安实施意见(2014-08) 附表1",
  rows   = "member",
  facts  = { "huaian_post_code", "huaian_registered_at" },
  columns = {
    { "单位代码", "unit" },
    { "姓名", "name" },
    { "性别", "gender" },
    { "单位及职务", unit_and_position },
    { "特长", "specialties" },
    { "认领岗位", function(m, f) return f.huaian_post_code or "" end },
    { "联系方式", "phone", personal = true },
    { "常住住址", "address", personal = true },
    { "报到社区", function(m, f) return f.huaian_registered_at or m.community end },
  },
}

-- 附表3 在职党员回社区实绩反馈单: one row per service record.
form "feedback" {
  title  = "在职党员回社区实绩反馈单",
  clause = "淮安实施意见(2014-08) 附表3",
  rows   = "activity",
  columns = {
    { "姓名", "member_name" },
    { "社区", "community" },
    { "年月日", "date" },
    { "服务（活动）内容", "content" },
    { "服务地点", "place" },
    { "参加人员", "participants" },
    { "服务时间（小时）", "hours" },
    { "评价", "rating" },
  },
}

-- 附表4 社区通讯录: one row per community.
form "directory" {
  title  = "社区通讯录",
  clause = "淮安实施意见(2014-08) 附表4",
  rows   = "org",
  kinds  = { "community" },
  columns = {
    { "社区", "name" },
    { "党组织书记", "secretary" },
    { "办公电话", "phone" },
    { "手机", "mobile", personal = true },
    { "QQ群", "qq_group" },
    { "地址", "address" },
  },
}
