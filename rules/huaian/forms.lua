-- The forms of the 淮安 实施意见 (2014-08): 附表1, 附表3, 附表4, as the
-- notice prints them (titles, heading lines, columns in its order and
-- words, the secretary's signature and the 说明).  The community reported
-- to and the posts claimed come from jiangsu's facts (forms.lua there):
-- the member's latest registration, every post claimed.

-- 单位及职务: the position as clerks typed it often names the unit already.
local function unit_and_position(m)
  if m.position:find(m.unit_name, 1, true) then return m.position end
  return (m.unit_name .. " " .. m.position):gsub(" $", "")
end

-- The items of a list joined by 、 (the facts' collect).
local function items(s)
  local t, pos = {}, 1
  while s ~= "" and pos <= #s + 1 do
    local a, b = s:find("、", pos, true)
    if not a then
      t[#t + 1] = s:sub(pos)
      break
    end
    t[#t + 1] = s:sub(pos, a - 1)
    pos = b + 1
  end
  return t
end

-- Phone numbers and addresses are personal: masked unless --reveal.

-- 说明3: 认领岗位只需填写代码.  Every post claimed, by its code and, for
-- the reader, its name: "13 矫正对象帮教岗、2 社会组织服务岗".
fact "huaian_post_codes" { collect = "post", of = "claim", within = "through" }

local function posts(f)
  local codes, names = items(f.huaian_post_codes), items(f.posts_claimed)
  if #codes ~= #names then return f.posts_claimed end
  local out = {}
  for i = 1, #codes do
    out[i] = codes[i] == names[i] and codes[i] or codes[i] .. " " .. names[i]
  end
  return table.concat(out, "、")
end

-- 附表1 全市……活动参与党员信息登记表: the unit's members (三(一)1 党员基本
-- 信息登记), each with the community reported to, never the residence in
-- its place: a member who has not reported shows it blank.
-- Whether the member was on the rolls in the year: one who left (转出,
-- 去世, 调离) before it, or with no whole month served in it, is in none
-- of its forms (see README.md, 离开的党员).
local function on_rolls(m) return m.left == nil or m.months_bound > 0 end

form "info" {
  title  = "全市“在职党员回社区，亮明身份作表率”活动参与党员信息登记表",
  clause = "淮安实施意见(2014-08) 附表1",
  rows   = "member",
  facts  = { "huaian_post_codes", "posts_claimed", "registered_name", "registered_street" },
  when   = on_rolls,
  heading = { function(o) return "单位：" .. (o and o.name or "") .. "    年  月  日" end },
  columns = {
    { "单位代码", "unit" },
    { "姓名", "name" },
    { "性别", "gender" },
    { "单位及职务", unit_and_position },
    { "特长", "specialties" },
    { "认领岗位", function(m, f) return posts(f) end },
    { "联系方式", "phone", personal = true },
    { "常住住址", "address", personal = true },
    { "报到社区", function(m, f) return f.registered_name end },
    { "社区所属街道、乡镇", function(m, f) return f.registered_street end },
  },
  foot = {
    "说明：1、本表WORD版仅用于文件印刷，各单位党组织填写时请使用EXCEL版，EXCEL版可从上级党组织处获取。"
      .. "2、本表按党组织隶属关系逐层填写上报。3、单位代码即单位党组织代码，由县区委组织部和市直党工委"
      .. "根据党内统计系统代码参照附表2统一编写。3、认领岗位只需填写代码，岗位及代码如下：1、党建工作指导岗；"
      .. "2、社会组织服务岗；3、社情民意收集岗；4、便民服务奉献岗；5、帮困助残关爱岗；6、就业援助指导岗；"
      .. "7、法制宣传教育岗；8、医疗卫生保健岗；9、环境卫生保洁岗；10公共设施维护岗；11、社会治安维护岗；"
      .. "12、民事纠纷调解岗；13、矫正对象帮教岗；14、文明新风倡导岗；15、文体娱乐实践岗",
  },
}

-- 附表3 全市……实绩反馈单: the community's service records of the year
-- up to the run's date (--org the community), 参加人员 as recorded, else
-- the member who served.
form "feedback" {
  title  = "全市“在职党员回社区，亮明身份作表率”实绩反馈单",
  clause = "淮安实施意见(2014-08) 附表3",
  rows   = "activity",
  heading = { function(o)
    local county, street, name = "", "", ""
    if o then county, street, name = o.county_name, o.street_name, o.name end
    return county .. " 区（县） " .. street .. " 街道（乡镇） " .. name .. " 社区（盖章）"
  end },
  columns = {
    { "年月日", "date" },
    { "服务（活动）内容", "content" },
    { "服务地点", "place" },
    { "参加人员", function(a)
      if a.participants ~= "" then return a.participants end
      return a.member_name
    end },
    { "服务时间（小时）", "hours" },
    { "评价（优/良/一般）", "rating" },
  },
  foot = {
    "社区党组织书记认证签字：",
    "说明：社区工作指导员负责本表填写并交社区盖章，同时将党员个人活动情况填写至表1（EXCEL版）相关"
      .. "栏目中。党员到社区党组织或社区工作指导员处领取并交单位党组织。",
  },
}

-- 附表4 全市城市社区通讯录: one row per community.
form "directory" {
  title  = "全市城市社区通讯录",
  clause = "淮安实施意见(2014-08) 附表4",
  rows   = "org",
  kinds  = { "community" },
  columns = {
    { "县区", "county_name" },
    { "街道", "street_name" },
    { "社区", "name" },
    { "接收报到电话", "phone" },
    { "接收报到QQ群号", "qq_group" },
    { "党组织书记姓名", "secretary" },
    { "手机", "mobile", personal = true },
    { "地址", "address" },
  },
}
