# make-region.awk - the bundled sample region: a made-up slice of 淮安 with
# the unit codes of 附表2, streets, communities, units and their branches,
# a few hundred members, and a year of what they did.  Deterministic (a
# Park-Miller generator written out here, not awk's rand()), so the files
# in data/region are the same wherever they are made:
#
#     awk -v out=data/region -f tools/make-region.awk
#
# Every name, phone number and address is invented.

function rnd(n) { seed = (seed * 16807) % 2147483647; return seed % n }
function pick(list,    a, k) { k = split(list, a, " "); return a[rnd(k) + 1] }
function day(m, d) { return sprintf("2024-%02d-%02d", m, d) }
function emit(file, line) { print line > (out "/" file ".csv") }

BEGIN {
	seed = 20240101
	surnames = "王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗"
	given = "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 华 平 刚 桂英 建华 文 斌"
	kinds = "service public_welfare lecture community_event visit good_deed"
	contents = "清理楼道杂物 政策宣讲 义务理发 法律咨询 助老送餐 环境整治 文明劝导 课业辅导 健康义诊 走访慰问"
	places = "社区党群服务中心 小区广场 居民楼 社区活动室 老年活动中心"
	units = "008.001:清河区委 008.011:中共淮安市委教育工委 008.002:清浦区委 008.012:淮安经济技术开发区党工委 008.003:淮安区委 008.018:淮阴师范学院 008.004:淮阴区委 008.019:淮阴工学院党委"
	streets = "320802001:长东街道 320802002:淮海街道 320812001:浦楼街道"
	communities = "C101:清安社区:320802001 C102:文渠社区:320802001 C103:水渡口社区:320802002 C104:承德社区:320802002 C105:人民南路社区:320812001 C106:福地社区:320812001"

	emit("orgs", "code,name,kind,parent,community,phone,secretary,address")
	emit("orgs", "320000,江苏省,province,,,,,")
	emit("orgs", "320800,淮安市,city,320000,,,,")
	emit("orgs", "320802,清江浦区,county,320800,,,,")
	emit("orgs", "320812,经济开发区,county,320800,,,,")
	ns = split(streets, st, " ")
	for (i = 1; i <= ns; i++) {
		split(st[i], f, ":")
		emit("orgs", f[1] "," f[2] ",street," substr(f[1], 1, 6) ",,,,")
	}
	nc = split(communities, cm, " ")
	for (i = 1; i <= nc; i++) {
		split(cm[i], f, ":")
		comm[i] = f[1]
		emit("orgs", f[1] "," f[2] ",community," f[3] ",,0517-836" sprintf("%05d", i) "," pick(surnames) pick(given) ",淮安市" f[2] "党群服务中心")
	}
	nu = split(units, un, " ")
	for (i = 1; i <= nu; i++) {
		split(un[i], f, ":")
		unit[i] = f[1]
		emit("orgs", f[1] "," f[2] ",unit,320800," comm[(i - 1) % nc + 1] ",0517-837" sprintf("%05d", i) ",,")
		for (b = 1; b <= 2; b++) {
			branch[i, b] = f[1] sprintf(".%03d", b)
			emit("orgs", branch[i, b] "," f[2] "第" b "党支部,branch," f[1] "," comm[(i + b) % nc + 1] ",,,")
		}
	}

	emit("members", "党员编号,姓名,性别,民族,出生年月,入党时间,单位代码,单位及职务,单位属性,联系方式,常住住址,报到社区,特长,兴趣爱好,服务意愿,状态,退休日期,豁免,豁免原因,未报到的原因,楼栋党小组,网格服务团队,领导干部")
	emit("registrations", "member,community,date,kind,receipt")
	emit("claims", "member,post,date")
	emit("activities", "member,date,kind,hours,community,content,place,rating,verifier,recorder,beneficiary,participants,household")
	emit("suggestions", "member,date,content,adopted")
	emit("pairings", "member,household,start,household_kind,household_ethnicity,end")
	emit("breaches", "member,date,kind,note")
	emit("member_events", "member,date,kind,note")
	emit("posts", "code,name,category,community")
	split("党建工作指导岗 社会组织服务岗 社情民意收集岗 便民服务奉献岗 帮困助残关爱岗 就业援助指导岗 法制宣传教育岗 医疗卫生保健岗 环境卫生保洁岗 公共设施维护岗 社会治安维护岗 民事纠纷调解岗 矫正对象帮教岗 文明新风倡导岗 文体娱乐实践岗", posts, " ")
	for (i = 1; i <= 15; i++)
		emit("posts", i "," posts[i] ",淮安岗位,")
	for (i = 1; i <= nc; i++)
		emit("posts", comm[i] "-01," "社区自设志愿服务岗,便民利民," comm[i])

	for (m = 1; m <= 320; m++) {
		id = sprintf("HA%04d", m)
		u = rnd(nu) + 1
		org = rnd(3) ? branch[u, rnd(2) + 1] : unit[u]
		c = comm[rnd(nc) + 1]
		retired = rnd(20) == 0
		exempt = !retired && rnd(30) == 0
		leader = rnd(15) == 0
		registered = rnd(10) < 9
		reason = registered || rnd(2) ? "" : pick("长期出差 身体原因 工作繁忙 外地居住")
		rmonth = rnd(6) + 1
		rday = rnd(20) + 1
		born = 1960 + rnd(40)
		joined = born + 18 + rnd(20)
		if (joined > 2023)
			joined = 2023
		emit("members", id "," pick(surnames) pick(given) "," (rnd(2) ? "男" : "女") "," (rnd(12) ? "汉族" : "回族") "," born "-" sprintf("%02d", rnd(12) + 1) "," joined "-" sprintf("%02d", rnd(12) + 1) "," org ",科员," (rnd(4) ? "机关" : "事业") ",1" (3 + rnd(7)) sprintf("%09d", rnd(1000000000)) ",淮安市清江浦区" (rnd(200) + 1) "号," c "," pick("法律 医疗 教育 会计 维修 书法 文艺") "," pick("阅读 跑步 书法 摄影 象棋") "," (rnd(8) ? "愿意" : "") "," (retired ? "退休" : "在职") "," (retired ? day(rmonth, rday) : "") "," (exempt ? "是" : "否") "," (exempt ? "长期外派援疆" : "") "," reason "," (rnd(5) ? "第" (rnd(9) + 1) "楼栋党小组" : "") "," (rnd(4) ? "网格服务" (rnd(5) + 1) "组" : "") "," (leader ? "是" : "否"))
		if (registered) {
			mo = rnd(11) + 1
			emit("registrations", id "," c "," day(mo, rnd(28) + 1) "," (leader && rnd(2) ? "liaison" : "residence") ",")
		}
		if (rnd(10) < 8)
			emit("claims", id "," (rnd(4) ? rnd(15) + 1 : c "-01") "," day(rnd(12) + 1, rnd(28) + 1))
		n = rnd(9)
		for (a = 1; a <= n; a++) {
			k = pick(kinds)
			mo = rnd(12) + 1
			emit("activities", id "," day(mo, a) "," k "," (rnd(8) + 1) / 2 "," (rnd(5) ? c : comm[rnd(nc) + 1]) "," pick(contents) a "," pick(places) "," pick("优 良 一般") "," (rnd(10) ? "社区书记" : "") ",社区网格员,居民," id ",")
		}
		if (rnd(3) == 0)
			emit("suggestions", id "," day(rnd(12) + 1, rnd(28) + 1) ",建议" pick(contents) "常态化," (rnd(2) ? "是" : "否"))
		if (rnd(6) == 0) {
			hh = "H" m
			emit("pairings", id "," hh ",2024-01-01," pick("贫困户 困难党员 残疾人 贫困学生 孤寡老人") ",汉族,2024-06-30")
			for (mo = 1; mo <= 6; mo++)
				if (rnd(6))
					emit("activities", id "," day(mo, 28) ",visit,1," c ",走访结对户,结对户家中,良,社区书记,社区网格员,结对户," id "," hh)
		}
		# The community stamps the 实绩反馈单 around 12月20日 (some late); the
		# unit tells the community of a retirement, mostly within 7 days.
		if (registered && !retired && rnd(10) < 7)
			emit("member_events", id "," day(12, 10 + rnd(16)) ",feedback_sealed,社区盖章")
		if (retired && rnd(4))
			emit("member_events", id "," day(rmonth, rday + rnd(10)) ",retire_notice,")
		if (rnd(60) == 0)
			emit("member_events", id "," day(rnd(6) + 1, 15) ",unit_change,调动")
		if (rnd(40) == 0)
			emit("breaches", id "," day(rnd(12) + 1, rnd(28) + 1) "," pick("吃拿卡要 干扰社区工作 索要补贴") ",社区反映")
		members[m] = id
		morg[m] = org
	}

	emit("wishes", "id,community,ordered,resident,content,dispatched,dispatcher,taker,taken,done,rating")
	for (w = 1; w <= 60; w++) {
		m = rnd(320) + 1
		state = rnd(5)
		mo = rnd(6) + 1
		line = sprintf("W%03d", w) "," comm[rnd(nc) + 1] "," day(mo, 1) "," pick(surnames) "大爷,代购生活用品"
		b = branch[rnd(nu) + 1, rnd(2) + 1]
		if (state == 0)
			line = line ",,,,,,"
		else if (state == 1)
			line = line "," day(mo + 1, 2) "," b ",,,,"
		else if (state == 2)
			line = line "," day(mo + 1, 2) "," b "," members[m] "," day(mo + 1, 3) ",,"
		else if (state == 3)
			line = line "," day(mo + 1, 2) "," b "," members[m] "," day(mo + 1, 3) "," day(mo + 2, 1) ","
		else
			line = line "," day(mo + 1, 2) "," b "," members[m] "," day(mo + 1, 3) "," day(mo + 2, 1) "," pick("优 良 一般")
		emit("wishes", line)
	}

	emit("org_events", "org,date,kind,content")
	for (i = 1; i <= nu; i++)
		for (b = 1; b <= 2; b++) {
			n = rnd(5)
			for (e = 1; e <= n; e++)
				emit("org_events", branch[i, b] "," day(rnd(12) + 1, e) "," pick("good_deed ethnic_unity theme_day") ",第" e "次活动")
			if (rnd(2))
				emit("org_events", branch[i, b] ",2024-02-01,four_lists,四张清单")
		}
}
