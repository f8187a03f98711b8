/*
 * opt_zh.c - the Chinese twin of every line of --help: each command's
 * description and each option's help, as declared in cmd_*.c, paired
 * with its translation, and the record kinds import lists.  opt_tr()
 * picks the twin under a Chinese locale (tr()); a line without a twin
 * is printed as declared, and tests/cli/t_help.sh finds it.
 */
#include <string.h>

#include "opt.h"

static const struct {
	const char *en, *zh;
} opt_zh[] = {
	/* added: versions, diff, add-requirement, report, runs */
	{ "use ID@VERSION outside its dates (the run is marked)",
	  "在有效期之外使用 ID@版本（本次评议会被标记）" },
	{ "the text in zh or en (default: the locale's)",
	  "文字用 zh 或 en（默认：按区域设置）" },
	{ "zh (the default: the notices' words) or en",
	  "zh（默认：通知的用语）或 en" },
	{ "Parameters, requirements and facts of a pack (with the pack each comes\n"
	  "from when it extends another): ID is the installed version in force this\n"
	  "year (the development copy when none is installed), ID@VERSION one\n"
	  "installed version, DIR a folder.",
	  "规则包的参数、要求和事实（继承其他规则包时注明各项来自哪个规则包）：\n"
	  "ID 为本年度有效的已安装版本（未安装时为开发副本），ID@版本 为某个\n"
	  "已安装版本，DIR 为一个目录。" },
	{ "Remove installed versions; the version in force this year only with --yes\n"
	  "(without it the removal is refused, naming what would be in force instead).",
	  "删除已安装的版本；本年度有效的版本须加 --yes 才能删除\n"
	  "（不加时拒绝删除，并说明删除后哪个版本将生效）。" },
	{ "remove the version in force too",
	  "也删除当前有效的版本" },
	{ "An editable copy of the version in force on DATE (installed, else the\n"
	  "development copy): MANIFEST and SIGNATURES dropped, the version bumped\n"
	  "(1.0.0 -> 1.1.0), effective_from = DATE, a CHANGELOG entry started.",
	  "复制 DATE 当日有效的版本（已安装的，否则为开发副本）供修改：去掉\n"
	  "MANIFEST 和 SIGNATURES，版本号升级（1.0.0 -> 1.1.0），effective_from\n"
	  "设为 DATE，并在 CHANGELOG 中开始一条记录。" },
	{ "the day the new version comes into force",
	  "新版本生效的日期" },
	{ "the folder to write (default ./ID-VERSION)",
	  "写入的目录（默认 ./ID-版本）" },
	{ "Check a pack's manifest, signatures and trust policy, or every pack of the\n"
	  "pack path; exit 1 when one fails.  ID is the installed version in force\n"
	  "this year (the development copy when none is installed).",
	  "检查规则包的清单、签名和信任策略，或检查规则包路径中的每个规则包；\n"
	  "有一个未通过时退出码为 1。ID 为本年度有效的已安装版本（未安装时为\n"
	  "开发副本）。" },
	{ "The grade and award moves between two versions of a pack (or with some\n"
	  "parameters set), each requirement's counts before and after, and with\n"
	  "--members who moves; the database is left as it was.  Exit 1 when a\n"
	  "grade, award or outcome changes.",
	  "比较规则包的两个版本（或设定某些参数后）：等次和评优资格的变动、每项\n"
	  "要求前后的人数，加 --members 时列出变动的人员；数据库保持原样。\n"
	  "等次、评优资格或结果有变动时退出码为 1。" },
	{ "each member and org whose outcomes change",
	  "列出结果有变动的每名党员和每个组织" },
	{ "Write a member's duty of the usual shape into a pack folder: the fact (a\n"
	  "count of one record kind), the parameter min_NAME, the requirement, a\n"
	  "passing and a failing test case, and with --award its place in the award.",
	  "把一项常见形式的党员义务写入规则包目录：事实（某类记录的计数）、参数\n"
	  "min_NAME、要求、一个通过和一个不通过的测试用例，加 --award 时还把它\n"
	  "列入评优条件。" },
	{ "the requirement's id (PACK.NAME, or NAME)",
	  "要求的标识（PACK.NAME 或 NAME）" },
	{ "what the notice asks, in its words",
	  "通知的要求，用通知的原话" },
	{ "the notice and clause it comes from",
	  "出处：通知及条款" },
	{ "the record kind counted: activity, claim, suggestion, ...",
	  "计数的记录种类：activity、claim、suggestion……" },
	{ "only the records with these values",
	  "只计这些取值的记录" },
	{ "the least number a year (default 1): parameter min_NAME",
	  "每年的最少次数（默认 1）：参数 min_NAME" },
	{ "the duty's start: n/a before it",
	  "义务的开始日期：此前为不适用" },
	{ "a function of the rules file saying whom it binds",
	  "规则文件中说明约束哪些人的函数" },
	{ "add it to the award's DUTIES list",
	  "加入评优的 DUTIES 列表" },
	{ "Write a report: 'results' (the latest run's outcomes), 'summary' (the year\n"
	  "per unit: grades or stars, reporting and post-claim rates against the\n"
	  "pack's target, service hours per month, the change from the year before's\n"
	  "run; charts in html) or one of the pack's forms (see 'baodao reports\n"
	  "--pack ID').  Reports read the latest finished\n"
	  "run of the pack for the year (exit 2 when there is none) and the records\n"
	  "dated in that year up to the run's as-of date.  Personal data (phone\n"
	  "numbers, addresses) is masked unless --reveal.  Files are created mode 0600.\n"
	  "Headers and values are the notices' Chinese whatever the locale (是/否,\n"
	  "达到/未达到/不适用); --lang en writes them in English.  The format is\n"
	  "--format's, else -o's extension (.csv .md .json .txt .xlsx .html), else csv;\n"
	  "xlsx and html need their plugins (see 'baodao plugins').  A csv file starts\n"
	  "with a UTF-8 byte order mark, so that Excel reads it as UTF-8; stdout gets\n"
	  "none unless --encoding utf-8-bom.",
	  "输出报表：'results'（最近一次评议的结果）、'summary'（年度汇总：各单位\n"
	  "等次或星级、对照规则包目标的报到率和认岗率、各月服务时长、与上年评议\n"
	  "相比的变化；html 格式带图表）或规则包的某张表单（见\n"
	  "'baodao reports --pack ID'）。报表读取该规则包该年度最近完成的评议\n"
	  "（没有时退出码为 2），以及该年度截至评议基准日的记录。个人信息（电话\n"
	  "号码、住址）除非加 --reveal 否则隐去部分内容。文件以 0600 权限创建。\n"
	  "表头和取值无论区域设置如何都用通知的中文（是/否、达到/未达到/不适用）；\n"
	  "--lang en 则用英文。格式取 --format 的，否则取 -o 文件的扩展名\n"
	  "（.csv .md .json .txt .xlsx .html），否则为 csv；xlsx 和 html 需要相应的\n"
	  "插件（见 'baodao plugins'）。csv 文件以 UTF-8 字节顺序标记开头，使 Excel\n"
	  "按 UTF-8 读取；标准输出不加，除非指定 --encoding utf-8-bom。" },
	{ "The stored runs, newest first: number, pack, version, year, as-of date,\n"
	  "started, finished, status, members, whether pinned, and whether forced\n"
	  "(evaluated with a version outside its dates: evaluate --force).\n"
	  "  runs prune --keep N [--pack ID]  keep the newest N finished runs of each\n"
	  "                                   pack and year, and the pinned ones; the\n"
	  "                                   others, and failed runs older than those\n"
	  "                                   kept, are removed in one transaction\n"
	  "  runs pin RUN, runs unpin RUN      a pinned run is never pruned",
	  "已保存的评议，最新的在前：编号、规则包、版本、年度、基准日、开始、\n"
	  "完成、状态、党员数、是否固定、是否强制（用有效期之外的版本评议：\n"
	  "evaluate --force）。\n"
	  "  runs prune --keep N [--pack ID]  每个规则包每个年度保留最新的 N 次已完成\n"
	  "                                   评议及固定的评议；其余的，以及早于所保留\n"
	  "                                   评议的失败评议，在一个事务中删除\n"
	  "  runs pin RUN, runs unpin RUN      固定的评议不会被清理" },
	/* plugins */
	{ "The plugins found in the plugin path (plugin_path in baodao.conf; by\n"
	  "default the build tree's obj/plugins, or LIBDIR/plugins when installed):\n"
	  "name, version, what each reads (file types import takes) and writes\n"
	  "(output formats), and its status: loaded, or refused with the reason (a\n"
	  "file not named NAME.so, a missing symbol, a descriptor of another size,\n"
	  "another plugin API or other build options, a file others may write).\n"
	  "A refused plugin changes nothing; the others work.  Exit 1 when any\n"
	  "plugin was refused.",
	  "插件路径（baodao.conf 的 plugin_path；默认为编译目录的 obj/plugins，\n"
	  "安装后为 LIBDIR/plugins）中找到的插件：名称、版本、读取什么（导入\n"
	  "接受的文件类型）、写出什么（输出格式），以及状态：已加载，或拒绝加载\n"
	  "及原因（文件名不是 NAME.so、缺少符号、描述结构大小不同、插件接口版本\n"
	  "或编译选项不同、文件可被他人修改）。被拒绝的插件不影响其他插件。\n"
	  "有插件被拒绝时退出码为 1。" },
	{ "text (the default), csv, md or json", "text（默认）、csv、md 或 json" },
	/* init */
	{ "Create the database, or upgrade it to this program's schema.  With group\n"
	  "in baodao.conf the database (0660) and its pack store (02770) belong to\n"
	  "that group, so its members can work on them.",
	  "创建数据库，或将其升级到本程序的数据库结构。baodao.conf 设置了 group 时，\n"
	  "数据库（0660）及其规则包库（02770）属于该用户组，组内成员均可使用。" },
	/* import */
	{ "Load a CSV file or an .xlsx workbook's sheet of one kind of record.\n"
	  "All rows or none are written; each bad row is reported as\n"
	  "FILE:ROW:COLUMN: message (FILE:SHEET!CELL: message from a workbook).\n"
	  "Title rows above the header and a 序号 column are skipped.  The kinds\n"
	  "of org_events and member_events are the words the packs declare (the\n"
	  "installed packs, or the pack path's when none is installed).",
	  "导入一种记录的 CSV 文件或 .xlsx 工作簿中的工作表。要么全部写入，\n"
	  "要么一行也不写；每个有错的行报告为 文件:行:列: 说明（工作簿为\n"
	  "文件:工作表!单元格: 说明）。表头上方的标题行和“序号”列会被跳过。\n"
	  "org_events 和 member_events 的类别是规则包声明的词（已安装的规则包；\n"
	  "未安装时为规则包路径中的）。" },
	{ "check every row and report; write nothing", "检查每一行并报告；不写入任何内容" },
	{ "ignore columns the kind does not have", "忽略该类记录没有的列" },
	{ "read the workbook's sheet NAME (default: the first)",
	  "读取工作簿中名为 NAME 的工作表（默认：第一个）" },
	{ "write the rejected rows to FILE (.csv or .xlsx) with a reason column",
	  "把有误的行连同“原因”列写入 FILE（.csv 或 .xlsx）" },
	{ "orgs           province ... branch: code, name, kind, parent",
	  "orgs           省……支部：代码、名称、类别、上级" },
	{ "members        party members: id, name, unit, residence community",
	  "members        党员：编号、姓名、单位、居住地社区" },
	{ "registrations  a member reporting to a community (报到), with its receipt",
	  "registrations  党员到社区报到，及其回执" },
	{ "posts          service posts (岗位) a community offers",
	  "posts          社区设置的服务岗位" },
	{ "claims         a member claiming a post (认岗)", "claims         党员认领岗位（认岗）" },
	{ "wishes         微心愿 with their 三单制 states",
	  "wishes         微心愿及其三单制状态" },
	{ "activities     services and activities (记录卡 rows), hours in minutes",
	  "activities     服务和活动（记录卡各行），时长以分钟计" },
	{ "suggestions    a member's suggestions (建议), adopted or not",
	  "suggestions    党员的建议，是否采纳" },
	{ "pairings       a member paired with a household (结对), from start to end",
	  "pairings       党员与住户结对，起止日期" },
	{ "org_events     what a branch or unit did; kinds declared by packs",
	  "org_events     支部或单位开展的工作；类别由规则包声明" },
	{ "breaches       breaches of discipline (违纪)", "breaches       违纪情况" },
	{ "member_events  dated facts about a member; kinds declared by packs",
	  "member_events  党员的带日期的事项；类别由规则包声明" },
	/* evaluate, explain */
	{ "Evaluate every member and org in scope with a rule pack and store the run.\n"
	  "Exit 1 when a rule raised an error for some member or org (a finding; the\n"
	  "requirement is 'error' for it, never a pass, and its grade and award are\n"
	  "undetermined; the run is stored all the same).\n"
	  "--pack ID uses the installed version in force in the year; ID@VERSION\n"
	  "outside its dates is refused unless --force, and the run is marked forced.\n"
	  "--as-recorded WHEN reads the records as they stood at WHEN (a date: its\n"
	  "end; or YYYY-MM-DDTHH:MM:SSZ, as runs shows a run's start): corrections\n"
	  "made since undone, records imported since left out.  The run keeps WHEN.",
	  "用规则包评议范围内的每名党员和每个组织，并保存本次评议结果。\n"
	  "某条规则对某名党员或某个组织出错时退出码为 1（这是一项发现：该要求\n"
	  "的结果为 'error'，绝不算作达到，其等次和评优资格待定；评议结果照常保存）。\n"
	  "--pack ID 使用该年度有效的已安装版本；ID@版本 在其有效期之外时\n"
	  "须加 --force，本次评议会被标记为强制。\n"
	  "--as-recorded WHEN 按 WHEN 时的记录评议（日期：当日结束时；或\n"
	  "YYYY-MM-DDTHH:MM:SSZ，即 runs 列出的某次评议的开始时间）：此后的更正\n"
	  "不计，此后导入的记录不计。本次评议记下 WHEN。" },
	{ "the records as they stood then (a date, or a run's start)",
	  "按当时的记录评议（日期，或某次评议的开始时间）" },
	{ "the pack: ID, ID@VERSION or a folder", "规则包：ID、ID@版本 或一个目录" },
	{ "the year evaluated", "评议的年度" },
	{ "worker threads (1 to 256; default: the configuration's)",
	  "工作线程数（1 至 256；默认取配置文件中的值）" },
	{ "only the members and orgs under this org", "只含该组织之下的党员和组织" },
	{ "records up to this date of the year (default: its end)",
	  "只计该年度截至此日期的记录（默认：年末）" },
	{ "no rule errors on stderr, only their count", "不在标准错误输出逐条列出规则错误，只给出个数" },
	{ "Show every requirement of one member or org in the latest run: status,\n"
	  "value, target, clause, message and the facts the rule read, as the run\n"
	  "stored them.  Exit 2 when the pack has no run for the year.",
	  "显示最近一次评议中某名党员或某个组织的每项要求：结果、实际值、\n"
	  "目标值、依据条款、说明以及规则读取的事实，均按评议时保存的内容。\n"
	  "该规则包在该年度没有评议结果时退出码为 2。" },
	{ "the pack of the run", "评议所用的规则包" },
	{ "the year of the run", "评议的年度" },
	{ "explain this org instead of a member", "说明该组织而不是某名党员" },
	{ "one JSON document", "输出一个 JSON 文档" },
	/* report, reports */
	{ "Write a report: 'results' (the latest run's outcomes) or one of the pack's\n"
	  "forms (see 'baodao reports --pack ID').  Reports read the latest finished\n"
	  "run of the pack for the year (exit 2 when there is none) and the records\n"
	  "dated in that year up to the run's as-of date.  Personal data (phone\n"
	  "numbers, addresses) is masked unless --reveal.  Files are created mode 0600.",
	  "输出报表：'results'（最近一次评议的结果）或规则包的某张表格\n"
	  "（见 'baodao reports --pack ID'）。报表读取该规则包该年度最近一次完成的\n"
	  "评议（没有时退出码为 2），以及该年度截至评议基准日的记录。个人信息\n"
	  "（电话号码、住址）除非指定 --reveal 否则打码。文件以 0600 权限创建。" },
	{ "csv (the default), md, json, or a plugin's (xlsx)",
	  "csv（默认）、md、json，或插件提供的格式（xlsx）" },
	{ "write to FILE (mode 0600, format by its extension); - is stdout",
	  "写入文件 FILE（权限 0600，格式按其扩展名）；- 表示标准输出" },
	{ "csv and md: utf-8, utf-8-bom (a csv file's default) or gb18030",
	  "csv 和 md：utf-8、utf-8-bom（csv 文件的默认值）或 gb18030" },
	{ "the same as -o", "同 -o" },
	{ "show phone numbers and addresses", "显示电话号码和住址" },
	{ "List, unit by unit with each unit's count, what validate's integrity checks\n"
	  "find in the records as they stand (no run is needed): a member's hours of\n"
	  "a day over max_day_hours, a record the member signed, a verifier signing\n"
	  "more than max_day_verifications records of a community in a day, records\n"
	  "before the member's registration or after retirement, and duplicates\n"
	  "under another id.  A verifier's findings are listed under the community.",
	  "按单位列出 validate 的完整性检查在现有记录中的发现及各单位的问题数\n"
	  "（无需评议）：党员一天的服务时长超过 max_day_hours、党员本人认证签字、\n"
	  "同一认证人一天为一个社区认证超过 max_day_verifications 条记录、早于党员\n"
	  "报到或晚于退休的记录，以及以不同编号重复录入的记录。认证人的问题列在\n"
	  "其所在社区之下。" },
	{ "only the records dated in this year (default: all)",
	  "只看日期在该年度内的记录（默认：全部）" },
	{ "only the findings of this org and the orgs under it",
	  "只列该组织及其下级组织的问题" },
	{ "List the reports a pack offers: results, summary and the pack's forms.",
	  "列出规则包提供的报表：results、summary 和规则包的各张表格。" },
	{ "the pack", "规则包" },
	/* runs */
	{ "The stored runs, newest first: number, pack, version, year, as-of date,\n"
	  "started, finished, status, members and whether pinned.\n"
	  "  runs prune --keep N [--pack ID]  keep the newest N finished runs of each\n"
	  "                                   pack and year, and the pinned ones; the\n"
	  "                                   others, and failed runs older than those\n"
	  "                                   kept, are removed in one transaction\n"
	  "  runs pin RUN, runs unpin RUN      a pinned run is never pruned",
	  "已保存的评议，最新的在前：编号、规则包、版本、年度、基准日、\n"
	  "开始时间、完成时间、状态、党员数以及是否固定。\n"
	  "  runs prune --keep N [--pack ID]  每个规则包每个年度保留最新的 N 次已完成\n"
	  "                                   评议和已固定的评议；其余的，以及早于\n"
	  "                                   保留者的失败评议，在一个事务中删除\n"
	  "  runs pin RUN, runs unpin RUN      固定的评议永不被清理" },
	{ "only the runs of this pack", "只列该规则包的评议" },
	{ "only the runs of this year", "只列该年度的评议" },
	{ "Keep the newest N finished runs of each pack and year, and the pinned\n"
	  "ones; the others, and failed runs older than those kept, are removed in\n"
	  "one transaction.",
	  "每个规则包每个年度保留最新的 N 次已完成评议和已固定的评议；其余的，\n"
	  "以及早于保留者的失败评议，在一个事务中删除。" },
	{ "the finished runs kept of each pack and year (0 or more)",
	  "每个规则包每个年度保留的已完成评议次数（0 或更多）" },
	{ "prune only the runs of this pack", "只清理该规则包的评议" },
	{ "A pinned run is never pruned.", "固定的评议永不被清理。" },
	{ "The run may be pruned again.", "该评议可再次被清理。" },
	/* validate */
	{ "Run a pack's record checks (phone numbers, unit codes, record cards that\n"
	  "will not count, ...) and the core's own: no record dated after the as-of\n"
	  "date (today by default), and hours that cannot be padded (a member's day\n"
	  "over max_day_hours, a record the member signed, a verifier signing more\n"
	  "than max_day_verifications records of a community in a day, records\n"
	  "before registration or after retirement, duplicates under another id;\n"
	  "each names the activity's id, the member and the unit).  With --year,\n"
	  "only the records dated in that year are checked, as of its last day when\n"
	  "it is past.  Each finding: RECORD: FIELD: message [check; clause].  Exit 1\n"
	  "when there are findings.  Nothing is written.",
	  "运行规则包的记录检查（电话号码、单位代码、不会被计入的记录卡……）\n"
	  "以及核心自带的检查：不得有日期晚于基准日（默认今天）的记录；服务时长\n"
	  "不得虚报（党员一天的时长超过 max_day_hours、党员本人认证签字、同一认证人\n"
	  "一天为一个社区认证超过 max_day_verifications 条记录、早于报到或晚于退休\n"
	  "的记录、以不同编号重复录入的记录；每项注明记录编号、党员和单位）。指定\n"
	  "--year 时只检查日期在该年度内的记录，该年度已过去时以其最后一天为基准日。\n"
	  "每项发现：记录: 字段: 说明 [检查; 条款]。有发现时退出码为 1。不写入任何内容。" },
	{ "the pack whose checks run", "运行其检查的规则包" },
	{ "check only the records dated in this year", "只检查日期在该年度内的记录" },
	{ "records dated after it are findings (default: today)",
	  "日期晚于它的记录算作发现（默认：今天）" },
	/* wish */
	{ "The 三单制 workflow of a 微心愿, one state change per call:\n"
	  "  wish order ID --community CODE [--resident NAME] [--content TEXT] [--date D]\n"
	  "  wish dispatch ID --branch CODE [--date D]     支部下单\n"
	  "  wish take ID --member ID [--date D]           党员接单\n"
	  "  wish done ID [--date D]\n"
	  "  wish rate ID --rating 优|良|一般 [--date D]\n"
	  "  wish show ID\n"
	  "A state skipped or repeated, or dated before the one it follows, is refused.\n"
	  "The date defaults to today.",
	  "微心愿的三单制流程，每次调用改变一个状态：\n"
	  "  wish order ID --community CODE [--resident NAME] [--content TEXT] [--date D]  居民点单\n"
	  "  wish dispatch ID --branch CODE [--date D]     支部下单\n"
	  "  wish take ID --member ID [--date D]           党员接单\n"
	  "  wish done ID [--date D]                       完成\n"
	  "  wish rate ID --rating 优|良|一般 [--date D]    居民评价\n"
	  "  wish show ID                                  查看\n"
	  "跳过或重复某个状态，或日期早于前一状态的，予以拒绝。\n"
	  "日期默认为今天。" },
	{ "居民点单: a resident's wish recorded.", "居民点单：登记一位居民的心愿。" },
	{ "the community the resident asked", "居民所求助的社区" },
	{ "who asked", "提出心愿的居民" },
	{ "what was asked for", "心愿内容" },
	{ "the date of the change (default: today)", "状态改变的日期（默认：今天）" },
	{ "支部下单", "支部下单：支部把心愿派给党员。" },
	{ "the branch that takes the order (支部下单)", "接单的支部（支部下单）" },
	{ "党员接单", "党员接单：党员领办心愿。" },
	{ "the member who takes it (党员接单)", "领办的党员（党员接单）" },
	{ "The wish fulfilled.", "心愿已完成。" },
	{ "The resident's rating.", "居民的评价。" },
	{ "优, 良 or 一般", "优、良或一般" },
	{ "The states of the wish so far.", "该心愿至今的各个状态。" },
	/* ledger */
	{ "The 爱心银行 card of a member: points earned by activities (活动享积分) and\n"
	  "spent on services (积分享服务).  The balance never goes below zero, on any\n"
	  "day: spending more than the card holds then is refused.  The date defaults\n"
	  "to today.  'ledger credit YEAR POINTS' credits every complete activity\n"
	  "record of the year with POINTS, once (running it again adds nothing).",
	  "党员的爱心银行卡：参加活动获得积分（活动享积分），兑换服务消耗积分\n"
	  "（积分享服务）。任何一天的余额都不会低于零：超过当时余额的兑换予以拒绝。\n"
	  "日期默认为今天。'ledger credit YEAR POINTS' 为该年度每条完整的活动记录\n"
	  "记入 POINTS 积分，只记一次（再次运行不会重复记入）。" },
	{ "活动享积分: points earned.", "活动享积分：获得积分。" },
	{ "what the points are for", "积分的事由" },
	{ "the date of the entry (default: today)", "记账日期（默认：今天）" },
	{ "积分享服务: points spent; never more than the card holds on any day.",
	  "积分享服务：消耗积分；任何一天都不得超过卡内余额。" },
	{ "The card and its balance.", "积分卡及其余额。" },
	{ "POINTS for each complete activity record of YEAR, once each.",
	  "为 YEAR 年度每条完整的活动记录记入 POINTS 积分，每条只记一次。" },
	/* pack */
	{ "Rule packs.\n"
	  "  pack list                      development copies and installed versions\n"
	  "  pack info ID[@VERSION] [--effective]  parameters, requirements and facts (with the\n"
	  "                                 pack each comes from when it extends another)\n"
	  "  pack install DIR               verify, build and test a sealed pack, then\n"
	  "                                 install it; on any failure nothing changes\n"
	  "  pack remove ID[@VERSION] [--yes]  remove installed versions (the one in\n"
	  "                                 force only with --yes)\n"
	  "  pack rollback ID               the previous installed version in force again\n"
	  "  pack new-version ID --from DATE [--to DIR]  an editable copy of the\n"
	  "                                 version in force, for a revision\n"
	  "  pack seal DIR                  write MANIFEST (SHA-256 of every file)\n"
	  "  pack keygen NAME               NAME.key and NAME.pub (Ed25519)\n"
	  "  pack sign DIR --key FILE [--as author|approver]\n"
	  "  pack verify [ID|DIR]           manifest, signatures and trust policy\n"
	  "  pack test [ID|DIR] [--coverage] [--json]   the pack's own test cases\n"
	  "  pack lint ID|DIR               typos, undeclared parameters, band gaps\n"
	  "  pack diff OLD NEW --year Y [--set P=V] [--members]   grade and award moves\n"
	  "  pack add-requirement DIR --id ID --title T --clause C --count KIND\n"
	  "      [--where F=V,...] [--min N] [--since DATE] [--award]   a new duty\n"
	  "evaluate --pack ID uses the installed version in force in the year;\n"
	  "ID@VERSION names one (in every pack command); a folder path uses that\n"
	  "folder.  pack info ID and pack verify ID show the version in force now.\n"
	  "'baodao pack SUBCOMMAND --help' describes one.",
	  "规则包。\n"
	  "  pack list                      开发副本和已安装的版本\n"
	  "  pack info ID[@VERSION] [--effective]  参数、要求和事实（继承其他规则包时\n"
	  "                                 注明各项来自哪个规则包）\n"
	  "  pack install DIR               校验、构建并测试已封存的规则包，然后安装；\n"
	  "                                 任何一步失败都不做任何改动\n"
	  "  pack remove ID[@VERSION] [--yes]  删除已安装的版本（当前有效的版本\n"
	  "                                 须加 --yes）\n"
	  "  pack rollback ID               恢复上一个已安装的版本生效\n"
	  "  pack new-version ID --from DATE [--to DIR]  复制当前有效的版本，\n"
	  "                                 用于修订\n"
	  "  pack seal DIR                  写入 MANIFEST（每个文件的 SHA-256）\n"
	  "  pack keygen NAME               生成 NAME.key 和 NAME.pub（Ed25519）\n"
	  "  pack sign DIR --key FILE [--as author|approver]   签名\n"
	  "  pack verify [ID|DIR]           清单、签名和信任策略\n"
	  "  pack test [ID|DIR] [--coverage] [--json]   规则包自带的测试用例\n"
	  "  pack lint ID|DIR               拼写错误、未声明的参数、分档空缺\n"
	  "  pack diff OLD NEW --year Y [--set P=V] [--members]   等次和评优资格的变动\n"
	  "  pack add-requirement（新增一项义务）DIR --id ID --title T --clause C\n"
	  "      --count KIND [--where F=V,...] [--min N] [--since DATE] [--award]\n"
	  "evaluate --pack ID 使用该年度生效的已安装版本；ID@VERSION 指定某一版本\n"
	  "（每个 pack 命令都可用）；目录路径则使用该目录。pack info ID 和\n"
	  "pack verify ID 显示现在生效的版本。\n"
	  "'baodao pack SUBCOMMAND --help' 说明某个子命令。" },
	{ "The development copies of the pack path and the versions installed\n"
	  "in the database's pack store.",
	  "规则包路径中的开发副本，以及数据库规则包库中已安装的版本。" },
	{ "Parameters, requirements and facts of a pack (with the pack each comes\n"
	  "from when it extends another).",
	  "规则包的参数、要求和事实（继承其他规则包时注明各项来自哪个规则包）。" },
	{ "every parameter and requirement in force, with its pack",
	  "列出生效的每个参数和要求，及其所属规则包" },
	{ "Verify, build and test a sealed pack, then install it into the database's\n"
	  "pack store; on any failure nothing changes.",
	  "校验、构建并测试已封存的规则包，然后安装到数据库的规则包库；\n"
	  "任何一步失败都不做任何改动。" },
	{ "Remove installed versions.", "删除已安装的版本。" },
	{ "The latest installed version steps back; the previous one is in force again.",
	  "撤下最新安装的版本，恢复上一个版本生效。" },
	{ "Write DIR/MANIFEST: the SHA-256 of every file.",
	  "写入 DIR/MANIFEST：每个文件的 SHA-256。" },
	{ "Write NAME.key (the secret key, mode 0600) and NAME.pub (Ed25519).",
	  "写入 NAME.key（私钥，权限 0600）和 NAME.pub（Ed25519）。" },
	{ "Sign the sealed pack's MANIFEST, replacing an earlier signature by the same key.",
	  "对已封存规则包的 MANIFEST 签名，替换同一密钥先前的签名。" },
	{ "the secret key (NAME.key)", "私钥（NAME.key）" },
	{ "author (the default) or approver", "author（作者，默认）或 approver（审批人）" },
	{ "Check a pack's manifest, signatures and trust policy, or every pack of the\n"
	  "pack path; exit 1 when one fails.",
	  "检查规则包（或规则包路径中的每个规则包）的清单、签名和信任策略；\n"
	  "有一项不通过时退出码为 1。" },
	{ "Run a pack's own test cases (tests/*.lua), or every pack's of the pack path;\n"
	  "exit 1 when a case fails.",
	  "运行规则包自带的测试用例（tests/*.lua），或规则包路径中每个规则包的；\n"
	  "有用例不通过时退出码为 1。" },
	{ "list what the cases exercise", "列出用例覆盖了哪些内容" },
	{ "Typos, undeclared parameters, band gaps: FILE:LINE: message per finding;\n"
	  "exit 1 when there are findings.",
	  "拼写错误、未声明的参数、分档空缺：每项发现一行 文件:行: 说明；\n"
	  "有发现时退出码为 1。" },
	{ "Whose outcomes change between two versions of a pack (or with some\n"
	  "parameters set); the database is left as it was.  Exit 1 when some do.",
	  "比较规则包的两个版本（或改动某些参数后）哪些人的结果会变化；\n"
	  "数据库保持不变。有变化时退出码为 1。" },
	{ "the year both versions evaluate", "两个版本评议的年度" },
	{ "a parameter of NEW set (repeatable)", "设定 NEW 的某个参数（可重复）" },
	/* record */
	{ "Corrections with history, and members' requests for them:\n"
	  "  record void KIND ID --reason TEXT\n"
	  "  record amend KIND ID FIELD=VALUE ... --reason TEXT\n"
	  "  record history KIND ID [--format F]\n"
	  "  record request KIND ID --by MEMBER --reason TEXT\n"
	  "  record requests [--open] [--format F]\n"
	  "  record resolve REQ accepted|rejected --reason TEXT [--void | FIELD=VALUE ...]\n"
	  "KIND: registrations, claims, activities, suggestions, pairings, org_events,\n"
	  "breaches or member_events.  ID: #N (the record's number, as history shows\n"
	  "it) or the record's key as in the sheet, joined by /, e.g.\n"
	  "M001/2024-04-06/service/C001 (trailing parts may be left out while one\n"
	  "record matches).  FIELD: an import column of KIND.  Each correction keeps\n"
	  "the old values, who (the OS user), when and why; a voided record stays but\n"
	  "counts no more.  A stored run is not changed: explain flags the records\n"
	  "corrected since it was made.",
	  "更正记录并保留历史，以及党员的更正申请：\n"
	  "  record void 种类 ID --reason 原因               作废\n"
	  "  record amend 种类 ID 字段=值 ... --reason 原因  更正\n"
	  "  record history 种类 ID [--format F]             更正历史\n"
	  "  record request 种类 ID --by 党员 --reason 原因  党员申请更正\n"
	  "  record requests [--open] [--format F]           申请列表\n"
	  "  record resolve 申请号 accepted|rejected --reason 原因 [--void | 字段=值 ...]\n"
	  "种类：registrations、claims、activities、suggestions、pairings、org_events、\n"
	  "breaches 或 member_events。ID：#N（记录编号，见 history），或按表格中\n"
	  "的键、以 / 连接，如 M001/2024-04-06/service/C001（只有一条记录相符时，\n"
	  "后面的部分可以省略）。字段：该种类的导入列名。每次更正都保留旧值、\n"
	  "操作人（系统用户）、时间和原因；作废的记录保留但不再计入。已保存的\n"
	  "评议结果不变：explain 会标出评议之后更正过的记录。" },
	{ "Void a wrong record: it stays, with its history, but counts no more.",
	  "作废一条错误记录：记录及其历史保留，但不再计入。" },
	{ "Amend fields of a record; each VALUE is read as import reads the cell.",
	  "更正记录的字段；每个值按导入时读取单元格的方式读取。" },
	{ "The corrections of a record, oldest first: when, who, what, why.",
	  "一条记录的更正历史，按时间先后：何时、何人、改了什么、原因。" },
	{ "A member asks for a record of theirs to be corrected.",
	  "党员申请更正本人的一条记录。" },
	{ "The members' correction requests and their outcome.",
	  "党员的更正申请及其处理结果。" },
	{ "Close a request: accepted, by voiding or amending the record (or with the\n"
	  "correction already made since it was asked), or rejected.",
	  "处理申请：接受（作废或更正该记录，或关联申请后已做的更正），\n"
	  "或驳回。" },
	{ "why (kept in the history)", "原因（记入历史）" },
	{ "why records are changed (kept in their history)", "更改记录的原因（记入其历史）" },
	{ "the member who asks (the record's own member)", "申请的党员（须为记录本人）" },
	{ "only the requests not yet resolved", "只列出尚未处理的申请" },
	{ "accepted: void the record", "接受时：作废该记录" },
	/* member, purge */
	{ "The member's status, unit and residence community as they stood from\n"
	  "each valid_from date on, oldest first, with when, by whom and from which\n"
	  "file each change was recorded.  An empty valid_from: since before\n"
	  "anything on record.",
	  "党员自每个 valid_from 日期起的状态、单位和居住社区，按时间先后列出，\n"
	  "并注明每次变动何时、由谁、从哪个文件登记。valid_from 为空：早于\n"
	  "任何登记。" },
	{ "What is kept of a member as a whole.  Import keeps every change of a\n"
	  "member's status, unit or residence community as history, never\n"
	  "overwriting it:\n"
	  "  member history ID   the changes, oldest first",
	  "党员整体的记录。导入时党员状态、单位或居住社区的每次变动都作为历史\n"
	  "保留，从不覆盖：\n"
	  "  member history ID   各次变动，按时间先后" },
	{ "members who left before 1 January of YEAR", "YEAR 年 1 月 1 日以前离开的党员" },
	{ "say what would be cleared, write nothing (the default)",
	  "只列出将被清除的内容，不写入（默认）" },
	{ "clear it", "执行清除" },
	{ "Clear the personal data (name, ID, phone numbers, address, birth, and\n"
	  "every other column but unit, community, status and its date, gender,\n"
	  "joined, membership, unit kind, leader and exempt) of the members who left\n"
	  "(转出, 去世, 调离) before 1 January of YEAR.  The rows and every record\n"
	  "stay, so past forms and runs still add up.  Refused unless baodao.conf\n"
	  "sets retention_years and YEAR is at most this year less it.  A dry run\n"
	  "unless --apply: the members per unit, status and year of leaving.  One\n"
	  "transaction, one audit row.",
	  "清除 YEAR 年 1 月 1 日以前离开（转出、去世、调离）的党员的个人信息（姓名、\n"
	  "编号、电话、住址、出生年月，以及除单位、社区、状态及其日期、性别、入党\n"
	  "时间、党员类别、单位属性、领导干部和豁免以外的各列）。行和全部记录保留，\n"
	  "以往的报表和评议仍能对上。baodao.conf 未设置 retention_years，或 YEAR\n"
	  "晚于今年减去该年数时拒绝执行。不加 --apply 时为试运行：按单位、状态和\n"
	  "离开年份列出党员人数。一个事务，一条审计记录。" },
	/* audit, backup, restore, check */
	{ "The audit trail, oldest first: every import, evaluate, pack install,\n"
	  "remove and rollback, reveal of personal data, correction, wish and ledger\n"
	  "step, backup and restore, with who, when and what.  Each entry carries\n"
	  "the hash of the one before.  --verify checks the whole chain and prints\n"
	  "one line per entry changed or deleted, naming its position (exit 1), or\n"
	  "the number of entries and the newest entry's hash, which an auditor may\n"
	  "note down: deleting the newest entries is found only against it.",
	  "审计记录，最早的在前：每次导入、评议、规则包安装、删除和回退、\n"
	  "查看个人信息、更正、微心愿和积分的每一步、备份和恢复，以及由谁、\n"
	  "何时、做了什么。每条记录都带有前一条的哈希。--verify 检查整条哈希链，\n"
	  "每条被改动或删除的记录输出一行并注明其位置（退出码为 1）；否则输出\n"
	  "记录条数和最新一条的哈希，审计人员可记下该哈希：删除最新的记录只能\n"
	  "与之比对才能发现。" },
	{ "only the entries from this date on", "只列出该日期起的记录" },
	{ "check the hash chain instead of listing", "检查哈希链，而不是列出记录" },
	{ "text (the default), csv, md or json", "text（默认）、csv、md 或 json" },
	{ "Write a consistent copy of the database to FILE while others read and\n"
	  "write it (SQLite's online backup API; a plain copy of a database in WAL\n"
	  "mode is not safe).  FILE is one self-contained file, created mode 0600\n"
	  "(0640 and group-owned when baodao.conf names a group); an existing FILE\n"
	  "is refused unless --force.  The audit records the backup and its SHA-256.\n"
	  "The pack store (DB.packs) is a folder: copy it with the file system.",
	  "在他人读写的同时，将数据库的一致副本写入 FILE（使用 SQLite 的在线备份\n"
	  "接口；直接复制 WAL 模式的数据库并不安全）。FILE 是一个独立的文件，以\n"
	  "0600 权限创建（baodao.conf 指定了 group 时为 0640 并属于该用户组）；\n"
	  "FILE 已存在时拒绝覆盖，除非加 --force。审计记录会记下本次备份及其\n"
	  "SHA-256。规则包库（DB.packs）是一个目录：请用文件系统复制。" },
	{ "overwrite FILE if it exists", "FILE 已存在时覆盖它" },
	{ "Replace the database with the backup FILE.  FILE must pass SQLite's\n"
	  "integrity_check and be a baodao database whose schema is no newer than\n"
	  "this program's (an older one is upgraded); else nothing changes.  The\n"
	  "database replaced is kept beside it as DB.before-restore-TIME, and the\n"
	  "replacing is one transaction: other users see the old database or the\n"
	  "restored one.  The restored database's audit records the restore.",
	  "用备份 FILE 替换数据库。FILE 必须通过 SQLite 的 integrity_check，且是\n"
	  "数据库结构版本不高于本程序的 baodao 数据库（较旧的会被升级）；否则不做\n"
	  "任何改动。被替换的数据库保存在旁边，名为 DB.before-restore-时间；替换\n"
	  "在一个事务中完成：其他用户看到的要么是原数据库，要么是恢复后的数据库。\n"
	  "恢复后的数据库的审计记录会记下本次恢复。" },
	{ "Check the database file: SQLite's integrity_check (pages, indexes) and\n"
	  "foreign_key_check (rows that refer to rows that do not exist).  One line\n"
	  "per problem; exit 1 when there is any.",
	  "检查数据库文件：SQLite 的 integrity_check（页、索引）和\n"
	  "foreign_key_check（引用了不存在的行的记录）。每个问题一行；\n"
	  "有问题时退出码为 1。" },
	{ NULL, NULL }
};

const char *
opt_tr(const char *en)
{
	if (en == NULL || !util_lang_zh())
		return en;
	for (size_t i = 0; opt_zh[i].en; i++)
		if (strcmp(opt_zh[i].en, en) == 0)
			return opt_zh[i].zh;
	return en;
}
