-- Facts the huaian pack adds to jiangsu's (淮安实施意见, 2014-08).
--
-- jiangsu's first_registration (the earliest registration ever made, of
-- any kind) serves huaian.report_by as it is, so only the claims of the
-- city's post catalogue need facts of their own.

-- 附表1 说明3: 认领岗位只需填写代码.  The fifteen posts and their codes, as
-- printed.  A claim is one of them when its post has one of the codes, or
-- when it is a post a community set itself (三(二)1 设定服务岗位) whose
-- category names one of them, by code or by name: only such a post can be
-- entered on 附表1.  Any other post still counts for jiangsu.claim_post.
local CATALOGUE = {
  { "1", "党建工作指导岗" },
  { "2", "社会组织服务岗" },
  { "3", "社情民意收集岗" },
  { "4", "便民服务奉献岗" },
  { "5", "帮困助残关爱岗" },
  { "6", "就业援助指导岗" },
  { "7", "法制宣传教育岗" },
  { "8", "医疗卫生保健岗" },
  { "9", "环境卫生保洁岗" },
  { "10", "公共设施维护岗" },
  { "11", "社会治安维护岗" },
  { "12", "民事纠纷调解岗" },
  { "13", "矫正对象帮教岗" },
  { "14", "文明新风倡导岗" },
  { "15", "文体娱乐实践岗" },
}

local codes, kinds = {}, {}
for _, post in ipairs(CATALOGUE) do
  codes[#codes + 1] = post[1]
  kinds[#kinds + 1] = post[1]
  kinds[#kinds + 1] = post[2]
end

-- 三(四)1 至少认领一个岗位: distinct catalogue posts, claimed in any year up
-- to the as-of date (a claim has no end, as in jiangsu).  A fact's filter
-- is a conjunction, so the posts that are coded or categorised are counted
-- as coded + categorised - both.
fact "coded_posts" { distinct = "post", of = "claim", within = "through", where = { post = codes } }
fact "categorised_posts" { distinct = "post", of = "claim", within = "through",
  where = { category = kinds } }
fact "coded_categorised_posts" { distinct = "post", of = "claim", within = "through",
  where = { post = codes, category = kinds } }

-- 四(二): the community's stamp of the member's 实绩反馈单 (附表3), recorded
-- as a member event; the first stamp of the year is the one on time or not.
fact "feedback_sealed" { min = "date", of = "member_event", where = { kind = "feedback_sealed" } }

-- 三(一)1 and 四(二): the unit's 上报 of the 附表1 lists, and the county's
-- 反馈 of them to the communities, org events of kinds member_list and
-- list_feedback (declared in pack.conf); the first of the year is the one
-- on time or not.
fact "lists_reported" { min = "date", of = "org_event",
  where = { kind = { "member_list", "list_feedback" } } }
fact "org_members" { count = "member" }
