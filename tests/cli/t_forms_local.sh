#!/bin/sh
# The forms of the fengxiang, aksu and changji packs against the sample
# region: each form's header row in the notice's words and order, one
# row's cells, and the rows the notice means (the year's records only, up
# to the run's as-of date; letters only to whom they concern).
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
# Records of the year before and after, which no form of 2024 may show.
printf 'member,date,kind,hours,community,content,place,rating,verifier\nM001,2023-12-30,service,2,C001,上年服务,清安社区,良,陈红\nM001,2025-01-02,service,2,C001,次年服务,清安社区,良,陈红\n' >other.csv
"$BAODAO" --db "$DB" import activities other.csv >/dev/null
printf 'id,community,ordered,resident,content\nW090,C001,2023-05-01,老李,上年心愿\n' >w.csv
"$BAODAO" --db "$DB" import wishes w.csv >/dev/null
"$BAODAO" --db "$DB" ledger earn M001 5 --reason 上年活动 --date 2023-06-01 >/dev/null
"$BAODAO" --db "$DB" ledger earn M001 3 --reason 参加社区活动 --date 2024-06-01 >/dev/null
"$BAODAO" --db "$DB" ledger earn M001 7 --reason 次年活动 --date 2025-01-02 >/dev/null

form() { # PACK FORM: the form as CSV in $T/out
	expect "$1 $2" 0 report "$2" --pack "$1" --year 2024 --format csv
}

# fengxiang: 一证四卡 (三.1) and the other 附件.
expect "fengxiang evaluated" 0 evaluate --pack fengxiang --year 2024
form fengxiang letter
has "证明信 header" out "居住地社区,姓名,性别,工作单位,职务,联系电话,证明信,单位党组织（盖章）,开具日期"
has "证明信 row" out "清安社区,张三,男,淮安市财政局,淮安市财政局 科员,138****0001,清安社区党组织：兹有我单位在职党员张三同志居住在你社区，现持此信到你社区报到"
lacks "no letter for a retired member" out "赵六"
lacks "no letter for an exempt member" out "钱七"
form fengxiang info_card
has "信息卡 header" out "姓名,性别,民族,出生年月,文化程度,入党时间,党员类别,工作单位,职务,联系电话,家庭住址,居住地社区,兴趣特长,服务意愿,本人签名"
has "信息卡 row" out "王五,男,回族,1979-11,,2001-01,,淮安市教育局,淮安市教育局 教师,139****0003,文渠***,文渠社区,教学；篮球,愿意,"
form fengxiang receipt
has "回执 header" out "单位党组织,姓名,报到社区,报到日期,回执,社区党组织（盖章）,回执日期"
has "回执 row" out "淮安市财政局,张三,清安社区,2024-03-01,淮安市财政局党组织：你单位在职党员张三同志已于2024年3月1日到我社区报到，特此回执。,,2024-03-02"
has "a branch is addressed by its name" out "市财政局第一党支部：你单位在职党员李四同志"
lacks "no 回执 for one who never reported" out "吴十"
form fengxiang pledge
has "承诺卡 header" out "姓名,工作单位,职务,居住地社区,个人特长,认岗服务内容,承诺事项,承诺人签名,单位党组织审定意见（盖章）,社区党组织（盖章）"
has "承诺卡 row" out "张三,淮安市财政局,淮安市财政局 科员,清安社区,会计,政策宣传,认领一个服务岗位；提出一条合理建议；参加一次公益活动；联系一户困难家庭；争当一名服务标兵,,,"
expect "fengxiang titles as the notice's 附件 list" 0 report record --pack fengxiang --year 2024 --format md
has "写实登记卡 title" out "# 在职党员进社区情况写实登记卡"
has "写实登记卡 clause" out "凤组发〔2014〕42号 附件3"
has "写实登记卡 heading: the community and the year" out "社区：________　　年度：2024"
has "写实登记卡 signature and stamp line" out "社区党组织书记（签字）：　　　　社区党组织（盖章）"
expect "a community's 写实登记卡" 0 report record --pack fengxiang --year 2024 --org C001 --format md
has "the heading names it" out "社区：清安社区　　年度：2024"
form fengxiang record
has "写实登记卡 header" out "姓名,日期,服务内容,地点,时长（小时）,社区,评价,认证"
has "写实登记卡 row" out "李四,2024-10-05,法律咨询,清安社区党群服务中心,4,清安社区,优,陈红"
lacks "no record of the year before" out "上年服务"
lacks "no record of the year after" out "次年服务"
form fengxiang feedback
has "反馈卡 header" out "姓名,单位,联系电话,报到社区,服务次数,服务时间（小时）,合理化建议（条）,公益活动（次）,结对走访,服务标兵候选"
has "反馈卡 row: the year's records only" out "张三,淮安市财政局,138****0001,清安社区,3,6.50,1,1,未达到,否"
form fengxiang service_summary
has "服务群众情况汇总表 header" out "单位,应参加党员,报到,认领岗位,服务2次或8小时,提出建议,参加公益活动,结对走访,服务标兵候选"
has "服务群众情况汇总表 row" out "淮安市教育局,2,1,2,2,1,0,1,0"
form fengxiang report_summary
has "报到情况汇总表 header" out "社区,居住的在职党员,已报到,未报到,报到率"
has "报到情况汇总表 row" out "清安社区,3,2,1,66.7%"
form fengxiang contacts
has "联系对象档案卡 header" out "党员姓名,工作单位,联系对象,类别,民族,结对时间,走访次数,走访月份"
has "联系对象档案卡 row" out '孙八,市财政局第一党支部,H1,孤寡老人,汉族,2024-01-01至2024-03-31,2,"2024-01,2024-03"'
# As of 2024-06-30 the 写实登记卡 stops at that day.
expect "fengxiang as of June" 0 evaluate --pack fengxiang --year 2024 --as-of 2024-06-30
form fengxiang record
has "a record before the as-of date" out "张三,2024-05-11"
lacks "none after it" out "2024-10-05"

# aksu: the 台帐 of 78号 二 and the letter of 三.4.
expect "aksu evaluated" 0 evaluate --pack aksu --year 2024
form aksu roll
has "报到台帐 header" out "姓名,单位,职务,联系电话,居住社区,报到日期,楼栋党小组,网格/志愿服务团队,认岗,接单,爱心银行积分"
has "报到台帐 row: the card's balance carried into the year" out "张三,淮安市财政局,淮安市财政局 科员,138****0001,清安社区,2024-03-01,,,"
has "报到台帐 row: the balance as of the year's end" out ",8"
form aksu activities
has "活动台帐 header" out "姓名,单位,日期,活动内容,地点,时长（小时）,社区,评价"
has "活动台帐 row" out "王五,淮安市教育局,2024-10-19,课业辅导,文渠社区活动室,4,文渠社区,优"
lacks "no activity of the year before" out "上年服务"
lacks "no activity of the year after" out "次年服务"
form aksu wishes
has "三单制台帐 header" out "编号,社区,居民,心愿内容,居民点单,支部下单,下单支部,党员接单,接单党员,完成,评价,状态"
has "三单制台帐 row: names, not codes" out "W001,清安社区,王奶***,更换楼道灯泡,2024-03-01,2024-03-02,市财政局第一党支部,2024-03-03,张三,2024-03-05,优,已评价"
lacks "no wish of the year before" out "W090"
form aksu bank
has "爱心银行 header" out "党员姓名,单位,日期,积分,事由,余额"
has "爱心银行 row: the year's entry, the balance carried" out "张三,淮安市财政局,2024-06-01,3,参加社区活动,8"
lacks "no entry of the year before" out "上年活动"
lacks "no entry of the year after" out "次年活动"
form aksu rates
has "两个百分之百 header" out "单位,应报到党员,报到率,认岗率,接单率,参与率,全部达标"
has "两个百分之百 row" out "淮安市教育局,1,0.0%,0.0%,0.0%,100.0%,否"
form aksu letter
has "告知函 header" out "单位,函,街道党（工）委（盖章）,日期"
has "告知函 row" out "淮安市教育局,淮安市教育局：现将贵单位在职党员和干部2024年参与社区活动情况函告如下：应到社区报到的在职党员1名，报到率0.0%"
lacks "no letter to a unit with nobody bound" out "淮安市财政局"
lacks "no letter saying every rate is 100 %" out "各项均达到百分之百"

# changji: the 二(二)8 lists.  A fourth service in the residence community
# makes 张三 a 最美下沉干部 candidate (二(二)6 met, no breach).
printf 'member,date,kind,hours,community,content,place,rating,verifier\nM001,2024-07-01,service,2,C001,助老服务,清安社区,良,陈红\n' >fourth.csv
"$BAODAO" --db "$DB" import activities fourth.csv >/dev/null
expect "changji evaluated" 0 evaluate --pack changji --year 2024
form changji points
has "积分表 header" out "姓名,单位,报到社区,居住地社区服务（次）,宣讲（次）,微心愿（个）,社区活动（次）,违纪,积分,等次,志愿服务之星候选"
has "积分表 row" out "张三,淮安市财政局,清安社区,4,1,1,0,否,60,一般,否"
form changji list_fair
has "一般等次名单 header" out "姓名,单位,报到社区,积分,违纪"
has "一般等次名单 row" out "张三,淮安市财政局,清安社区,60,否"
form changji list_poor
has "差等次名单 row" out "李四,市财政局第一党支部,清安社区,20,"
lacks "差 list holds no 一般" out "张三"
form changji list_good
same "好 list: the header only" "$(wc -l <"$T/out")" 1
form changji list_fairly_good
has "较好等次名单 header" out "姓名,单位,报到社区,积分,违纪"
form changji model_candidates
has "最美下沉干部 header" out "姓名,单位,积分,等次,志愿服务之星候选"
has "最美下沉干部 row" out "张三,淮安市财政局,60,一般,否"
same "only those who met 二(二)6 without a breach" "$(wc -l <"$T/out")" 2
finish
