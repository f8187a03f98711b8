-- Record checks (baodao validate) for the 淮安 实施意见 (2014-08).

-- 附表1 说明3; 附表2: the unit code in the form of the party statistics codes.
check "huaian.unit_code" {
  record = "member", field = "unit",
  title  = "单位代码应符合附表2的格式",
  clause = "淮安实施意见(2014-08) 附表1 说明3; 附表2",
  test   = function(m, p)
    return re.full(p.unit_code_pattern, m.unit), "单位代码不符合附表2的格式（三位数字一组，以点分隔）"
  end,
}

-- 附表1 说明3: 认领岗位 is filled in by one of the codes 1-15.  A post a
-- community set up itself is legitimate (三(二)1 lets communities set their
-- own), so only region-wide posts are held to the fifteen codes.
check "huaian.post_code" {
  record = "claim", field = "post",
  title  = "认领岗位应为附表1所列代码1-15",
  clause = "淮安实施意见(2014-08) 附表1 说明3",
  test   = function(c)
    if c.community ~= "" then return true end
    local n = tonumber(c.post)
    return n ~= nil and n == math.floor(n) and n >= 1 and n <= 15,
      "认领岗位不是附表1所列的岗位代码（1-15）"
  end,
}
