-- Record checks (baodao validate) for 苏组通〔2014〕43号: what a clerk
-- should put right before the year-end evaluation.  Messages say what is
-- wrong, never the personal data itself.

-- 附件1/附件2: 联系电话/手机 must reach the member.
check "jiangsu.mobile" {
  record = "member", field = "phone",
  title  = "联系电话应为有效手机号码",
  clause = "苏组通〔2014〕43号 附件1、附件2",
  test   = function(m, p)
    if m.phone == "" then return false, "未填写联系电话" end
    return re.full(p.mobile_pattern, m.phone), "不是有效的手机号码"
  end,
}

-- 二.3(1) 四清: the community must hold all four items.
check "jiangsu.four_clear" {
  record = "member", field = "address",
  title  = "四清信息不全",
  clause = "苏组通〔2014〕43号 二.3(1)",
  test   = function(m)
    local missing = {}
    if m.address == "" then missing[#missing + 1] = "家庭住址" end
    if m.interests == "" and m.specialties == "" then missing[#missing + 1] = "兴趣特长" end
    if m.willingness == "" then missing[#missing + 1] = "服务意愿" end
    if #missing == 0 then return true end
    return false, "缺少" .. table.concat(missing, "、")
  end,
}

-- 附件5: a record without every item of the 记录卡 does not count.
check "jiangsu.record_card" {
  record = "activity", field = "verifier",
  title  = "服务记录缺少记录卡要素，不计入",
  clause = "苏组通〔2014〕43号 附件5; 三.3",
  test   = function(a)
    if a.complete then return true end
    local missing = {}
    if a.content == "" then missing[#missing + 1] = "服务内容" end
    if a.place == "" then missing[#missing + 1] = "服务地点" end
    if a.hours <= 0 then missing[#missing + 1] = "服务时间" end
    if a.rating == "" then missing[#missing + 1] = "评价" end
    if a.verifier == "" then missing[#missing + 1] = "认证签字" end
    return false, "缺少" .. table.concat(missing, "、") .. "，不计入服务记录"
  end,
}
