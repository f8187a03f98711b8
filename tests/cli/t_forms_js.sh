#!/bin/sh
# The forms of jiangsu (苏组通〔2014〕43号 附件1, 3, 4, 5) and huaian (附表1,
# 3, 4) as the notices print them: title, heading and foot lines, the
# header row in the notice's order and words, and rows selected as the
# notice means (members who reported, by the community reported to; the
# year's records only), names where the notice prints names.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
# M009 lives nowhere on record and reported to 文渠社区 (C002); M010 lives
# in 清安社区 (C001) and never reported; M001 moved: a second registration,
# to C002, with no receipt yet.  A record of 2025 must not reach 2024's forms.
cat >"$T/m.csv" <<'CSV'
党员编号,姓名,性别,健康状况,单位代码,单位及职务,文化程度,正式/预备,联系方式,报到社区
M009,郑一,男,良好,008.001,淮安市财政局 科员,大学本科,预备,13800000009,
M010,冯二,女,,008.001,淮安市财政局 科员,大专,正式,13800000010,C001
CSV
printf 'code,name,kind,parent,community,phone,address\n008.001,淮安市财政局,unit,320800,C001,0517-83700001,淮安市健康东路1号\n' >"$T/o.csv"
"$BAODAO" --db "$DB" import orgs "$T/o.csv" >/dev/null || notok "orgs import" "$?"
"$BAODAO" --db "$DB" import members "$T/m.csv" >/dev/null || notok "members import" "$?"
printf '党员编号,报到社区,报到日期,回执日期\nM009,C002,2024-05-06,2024-05-08\nM001,C002,2024-06-01,\n' >"$T/r.csv"
"$BAODAO" --db "$DB" import registrations "$T/r.csv" >/dev/null || notok "registrations import" "$?"
printf 'member,post,date\nM009,P01,2024-05-06\nM009,P02,2024-05-07\n' >"$T/c.csv"
"$BAODAO" --db "$DB" import claims "$T/c.csv" >/dev/null || notok "claims import" "$?"
printf 'member,date,kind,hours,community,content,place,rating,verifier\nM009,2024-07-01,service,2,C002,义诊,文渠社区,优,刘明\nM009,2024-08-01,service,1.5,C002,义诊,文渠社区,良,刘明\nM009,2025-01-10,service,3,C002,来年的服务,文渠社区,优,刘明\n' >"$T/a.csv"
"$BAODAO" --db "$DB" import activities "$T/a.csv" >/dev/null || notok "activities import" "$?"
for p in jiangsu huaian; do
	"$BAODAO" --db "$DB" evaluate --pack $p --year 2024 >/dev/null
done

# 附件1: community, date and receipt of the same (latest) registration.
expect "附件1" 0 report receipt --pack jiangsu --year 2024 --format md
has "附件1 title" out "# 在职党员社区报到单及回执单"
has "附件1 header" out "| 县（市、区） | 街道（乡镇） | 社区党组织 | 单位党组织 | 姓名 | 正式/预备 | 联系电话 | 报到日期 | 认领的社区服务岗位 | 回执日期 |"
has "附件1 latest registration, its own empty receipt" out "| 清江浦区 | 柳树湾街道 | 文渠社区 | 淮安市财政局 | 张三 |  | 138****0001 | 2024-06-01 | 政策法规宣传岗 |  |"
has "附件1 正式/预备 and every post by name" out "| 清江浦区 | 柳树湾街道 | 文渠社区 | 淮安市财政局 | 郑一 | 预备 | 138****0009 | 2024-05-06 | 政策法规宣传岗、困难群众帮扶岗 | 2024-05-08 |"
lacks "附件1 only members who reported" out "冯二"
has "附件1 stamp line" out "（社区党组织盖章）"

# 附件2: 健康状况 and 学历 as imported under the notice's headers, the
# unit's address, the community reported to as 县 街道 社区.
expect "附件2" 0 report basic_info --pack jiangsu --year 2024 --format csv
same "附件2 header" "$(head -n 1 "$T/out")" "姓名,性别,民族,健康状况,学历,出生年月,入党时间,工作单位及职务,单位地址,家庭住址,报到社区,认领岗位,能参加社区服务的时间,是否愿意参加社区其他服务,工作单位联系电话,本人联系电话/手机"
has "附件2 row" out "郑一,男,,良好,大学本科,,,淮安市财政局 科员,淮安市健康东路1号,,清江浦区 县（市、区） 柳树湾街道 街道（乡镇） 文渠社区 社区（村）,政策法规宣传岗、困难群众帮扶岗,,,,138****0009"
has "附件2 unit address, not masked: not the member's" out "淮安市财政局 科员,淮安市健康东路1号,"

# 附件3: 报到涉及社区数 counts the communities reported to.
expect "附件3" 0 report unit_stats --pack jiangsu --year 2024 --format md
has "附件3 header" out "| 单位名称 | 在职党员总数 | 报到党员总数 | 报到涉及社区数 | 未到社区报到的党员数 | 未报到的主要原因 |"
has "附件3 财政局: two communities reported to, all living in one" out "| 淮安市财政局 | 5 | 4 | 2 | 1 |  |"
has "附件3 填报日期" out "填报日期：      年    月    日"
has "附件3 注" out "注：此表供参考，由单位党组织填写，并报上级党（工）委。"

# 附件4: those who reported, selected by the community reported to.
expect "附件4 by community" 0 report register --pack jiangsu --year 2024 --org C002 --format csv
same "附件4 header" "$(head -n 1 "$T/out")" "序号,姓名,性别,出生年月,入党时间,文化程度,专业特长,兴趣爱好,工作单位及职务,单位属性（机关、事业、企业、大专院校）,住址,单位电话,手机,志愿服务项目,志愿服务小组,报到日期,是否愿意参加社区其他服务"
has "附件4 a member living nowhere on record, reported to C002" out "郑一,男,,,大学本科,,,淮安市财政局 科员,,,,138****0009,政策法规宣传岗、困难群众帮扶岗,,2024-05-06,"
has "附件4 a member who moved to C002" out ",张三,"
lacks "附件4 not those living in C002 who reported elsewhere... nor in C001" out "李四"
same "附件4 numbered rows" "$(tail -n +2 "$T/out" | cut -d, -f1 | tr '\n' ' ')" "1 2 3 4 5 "
expect "附件4 md" 0 report register --pack jiangsu --year 2024 --org C002 --format md
has "附件4 县/街道/社区 heading" out "清江浦区 县（市、区） 柳树湾街道 街道（乡镇） 文渠社区 社区党组织"
expect "附件4 of a unit: its members who reported" 0 report register --pack jiangsu --year 2024 --org 008.011 --format csv
has "附件4 unit's member" out ",王五,"
lacks "附件4 not another unit's" out ",张三,"
expect "附件4 all" 0 report register --pack jiangsu --year 2024
lacks "附件4 never lists who did not report" out "冯二"

# 附件5: the year's records only, with the member's total.
expect "附件5" 0 report card --pack jiangsu --year 2024 --format md
has "附件5 header" out "| 在职党员姓名 | 工作单位 | 报到社区 | 年月日 | 服务（活动）内容 | 服务地点 | 累计服务时间（小时） | 评价（优/良/一般） | 认证签字 | 个人累计社区服务活动时间（小时） |"
has "附件5 row with the year's total" out "| 郑一 | 淮安市财政局 | 文渠社区 | 2024-07-01 | 义诊 | 文渠社区 | 2 | 优 | 刘明 | 3.50 |"
lacks "附件5 no record of the next year" out "来年的服务"
has "附件5 signature" out "社区党组织认证签字："

# 附表1: the community reported to and its street, never the residence;
# every post claimed, code and name.
expect "附表1" 0 report info --pack huaian --year 2024 --org 008.001 --format md
has "附表1 title" out "# 全市“在职党员回社区，亮明身份作表率”活动参与党员信息登记表"
has "附表1 单位 heading" out "单位：淮安市财政局    年  月  日"
has "附表1 header" out "| 单位代码 | 姓名 | 性别 | 单位及职务 | 特长 | 认领岗位 | 联系方式 | 常住住址 | 报到社区 | 社区所属街道、乡镇 |"
has "附表1 every post claimed" out "| 008.001 | 郑一 | 男 | 淮安市财政局 科员 |  | P01 政策法规宣传岗、P02 困难群众帮扶岗 | 138****0009 |  | 文渠社区 | 柳树湾街道 |"
has "附表1 no residence for who never reported" out "| 008.001 | 冯二 | 女 | 淮安市财政局 科员 |  |  | 138****0010 |  |  |  |"

# 附表3: the community's records of the year, heading and signature.
expect "附表3" 0 report feedback --pack huaian --year 2024 --org C002 --format md
has "附表3 heading" out "清江浦区 区（县） 柳树湾街道 街道（乡镇） 文渠社区 社区（盖章）"
has "附表3 header" out "| 年月日 | 服务（活动）内容 | 服务地点 | 参加人员 | 服务时间（小时） | 评价（优/良/一般） |"
has "附表3 row" out "| 2024-08-01 | 义诊 | 文渠社区 | 郑一 | 1.50 | 良 |"
lacks "附表3 no record of another year" out "来年的服务"
has "附表3 secretary's signature" out "社区党组织书记认证签字："

# 附表4: 县区 and 街道, 接收报到电话.
expect "附表4" 0 report directory --pack huaian --year 2024 --format csv --reveal
same "附表4 header" "$(head -n 1 "$T/out")" "县区,街道,社区,接收报到电话,接收报到QQ群号,党组织书记姓名,手机,地址"
has "附表4 row" out "清江浦区,柳树湾街道,文渠社区,0517-83600002,,刘明,,清江浦区文渠路8号"

# The notice's language whatever the locale; --lang en for English.
LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 "$BAODAO" --db "$DB" report receipt --pack jiangsu --year 2024 --format md >"$T/out"
has "Chinese under an English locale" out "依据 苏组通〔2014〕43号 附件1"
expect "explain --lang zh" 0 explain M009 --pack jiangsu --year 2024 --lang zh
has "explain text in Chinese" out "积分"
expect "explain --lang en" 0 explain M009 --pack jiangsu --year 2024 --lang en
has "explain text in English" out "score"
expect "explain --lang fr" 2 explain M009 --pack jiangsu --year 2024 --lang fr
has "unknown language named" err "unknown language 'fr' (zh, en)"

# A heading function that fails fails the form, naming it.
mkdir -p "$T/p"
printf 'id = "h"\nname = "h"\nversion = "1"\n' >"$T/p/pack.conf"
cat >"$T/p/rules.lua" <<'LUA'
requirement "h.x" { title = "x", clause = "c", check = function() return true end }
form "bad" { title = "t", clause = "c", rows = "member", columns = { { "x", "name" } },
  heading = { function(o) return o.nosuch end } }
form "ok" { title = "t", clause = "c", rows = "member", columns = { { "x", "name" } },
  heading = { function(o, y) return (o and o.name or "-") .. " " .. y end }, foot = { "签字：" } }
LUA
"$BAODAO" --db "$DB" evaluate --pack "$T/p" --year 2024 >/dev/null
expect "failing heading" 2 report bad --pack "$T/p" --year 2024
has "heading error named" err "form 'bad': line"
expect "heading of the --org org and the year" 0 report ok --pack "$T/p" --year 2024 --org C001 --format md
has "heading line" out "清安社区 2024"
has "foot line" out "签字："
expect "json foot" 0 report ok --pack "$T/p" --year 2024 --format json
has "json carries the foot" out '"foot":["签字："]'

# A heading function is frozen like the rest: a local it assigns is put
# back after it, so the rows never see the heading's write.
mkdir -p "$T/hc"
printf 'id = "hc"\nname = "hc"\nversion = "1"\n' >"$T/hc/pack.conf"
cat >"$T/hc/rules.lua" <<'LUA'
local n = 0
requirement "hc.x" { title = "x", clause = "c", check = function() return true end }
form "count" { title = "t", clause = "c", rows = "member",
  columns = { { "name", "name" }, { "n", function() return "n=" .. n end } },
  heading = { function() n = n + 1 return "heading n=" .. n end } }
LUA
"$BAODAO" --db "$DB" evaluate --pack "$T/hc" --year 2024 >/dev/null
expect "form with a counting heading" 0 report count --pack "$T/hc" --year 2024 --format md
has "the heading saw its own write" out "heading n=1"
has "a row saw the local as loaded" out "| 张三 | n=0 |"
lacks "no row saw the heading's write" out "| n=1 |"
finish
