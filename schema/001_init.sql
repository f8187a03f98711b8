-- 001_init: the data model of DESIGN.md.
--
-- Dates are ISO text (YYYY-MM-DD), so text order is date order; month
-- precision (birth, joined) is YYYY-MM.  Service time is kept in whole
-- minutes so that sums are exact (8 h is 480, 7 h 59 min is 479).
-- Optional text is NULL when empty.  Codes given by people (org code,
-- member id, post code, wish id) are TEXT; rows refer to each other by
-- integer keys.

CREATE TABLE org (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
	name        TEXT NOT NULL CHECK (name <> ''),
	kind        TEXT NOT NULL CHECK (kind IN ('province','city','county',
	                'street','community','unit','branch')),
	parent_id   INTEGER REFERENCES org(id),
	community_id INTEGER REFERENCES org(id),  -- unit: paired community; branch: designated one
	phone       TEXT,
	qq_group    TEXT,
	secretary   TEXT,
	mobile      TEXT,
	address     TEXT,
	extra       TEXT CHECK (extra IS NULL OR json_valid(extra)),
	CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX org_parent ON org(parent_id);

CREATE TABLE member (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
	name        TEXT NOT NULL CHECK (name <> ''),
	unit_id     INTEGER NOT NULL REFERENCES org(id),
	gender      TEXT CHECK (gender IN ('男','女')),
	ethnicity   TEXT,
	birth       TEXT CHECK (birth GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),
	joined      TEXT CHECK (joined GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),
	education   TEXT,
	membership  TEXT CHECK (membership IN ('正式','预备')),
	position    TEXT,
	unit_kind   TEXT CHECK (unit_kind IN ('机关','事业','企业','大专院校','非公企业','社会组织')),
	phone       TEXT,
	work_phone  TEXT,
	address     TEXT,
	community_id INTEGER REFERENCES org(id),
	specialties TEXT,
	interests   TEXT,
	willingness TEXT,
	availability TEXT,
	status      TEXT NOT NULL DEFAULT 'in_service' CHECK (status IN ('in_service','retired')),
	status_date TEXT CHECK (status_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	leader      INTEGER NOT NULL DEFAULT 0 CHECK (leader IN (0,1)),
	exempt      INTEGER NOT NULL DEFAULT 0 CHECK (exempt IN (0,1)),
	exempt_reason TEXT,
	unreported_reason TEXT,
	party_group TEXT,
	team        TEXT,
	extra       TEXT CHECK (extra IS NULL OR json_valid(extra)),
	CHECK (exempt = 1 OR exempt_reason IS NULL)
);
CREATE INDEX member_unit ON member(unit_id);
CREATE INDEX member_community ON member(community_id);

-- A member's unit is a unit or a branch; a residence community is a community.
CREATE TRIGGER member_org_kinds_insert BEFORE INSERT ON member
BEGIN
	SELECT RAISE(ABORT, 'member unit must be an org of kind unit or branch')
	 WHERE (SELECT kind FROM org WHERE id = NEW.unit_id) NOT IN ('unit','branch');
	SELECT RAISE(ABORT, 'member community must be an org of kind community')
	 WHERE NEW.community_id IS NOT NULL
	   AND (SELECT kind FROM org WHERE id = NEW.community_id) <> 'community';
END;
CREATE TRIGGER member_org_kinds_update BEFORE UPDATE OF unit_id, community_id ON member
BEGIN
	SELECT RAISE(ABORT, 'member unit must be an org of kind unit or branch')
	 WHERE (SELECT kind FROM org WHERE id = NEW.unit_id) NOT IN ('unit','branch');
	SELECT RAISE(ABORT, 'member community must be an org of kind community')
	 WHERE NEW.community_id IS NOT NULL
	   AND (SELECT kind FROM org WHERE id = NEW.community_id) <> 'community';
END;

CREATE TABLE registration (
	id          INTEGER PRIMARY KEY,
	member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
	community_id INTEGER NOT NULL REFERENCES org(id),
	date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	kind        TEXT NOT NULL DEFAULT 'residence'
	                CHECK (kind IN ('residence','work','liaison','other')),
	receipt     TEXT CHECK (receipt GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
	                AND receipt >= date),
	UNIQUE (member_id, community_id, date)
);

CREATE TABLE post (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
	name        TEXT NOT NULL CHECK (name <> ''),
	category    TEXT,
	community_id INTEGER REFERENCES org(id)   -- NULL: a post of the whole region
);

CREATE TABLE claim (
	id          INTEGER PRIMARY KEY,
	member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
	post_id     INTEGER NOT NULL REFERENCES post(id),
	date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	UNIQUE (member_id, post_id, date)
);

CREATE TABLE wish (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
	community_id INTEGER NOT NULL REFERENCES org(id),
	resident    TEXT,
	content     TEXT
);

-- One dated row per 三单制 state: ordered -> dispatched -> taken -> done -> rated.
CREATE TABLE wish_state (
	wish_id     INTEGER NOT NULL REFERENCES wish(id) ON DELETE CASCADE,
	step        INTEGER NOT NULL CHECK (step BETWEEN 1 AND 5),
	state       TEXT NOT NULL CHECK ((step = 1 AND state = 'ordered')
	                OR (step = 2 AND state = 'dispatched') OR (step = 3 AND state = 'taken')
	                OR (step = 4 AND state = 'done') OR (step = 5 AND state = 'rated')),
	date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	branch_id   INTEGER REFERENCES org(id),     -- dispatched: the branch that 下单
	member_id   INTEGER REFERENCES member(id),  -- taken: the member who 接单
	rating      TEXT CHECK (rating IN ('优','良','一般')),
	PRIMARY KEY (wish_id, step),
	CHECK (step <> 2 OR branch_id IS NOT NULL),
	CHECK (step <> 3 OR member_id IS NOT NULL),
	CHECK (step <> 5 OR rating IS NOT NULL)
) WITHOUT ROWID;
CREATE INDEX wish_state_member ON wish_state(member_id) WHERE member_id IS NOT NULL;

-- No state without the one before it, none dated before it.
CREATE TRIGGER wish_state_order BEFORE INSERT ON wish_state
WHEN NEW.step > 1
BEGIN
	SELECT RAISE(ABORT, 'wish state out of 三单制 order')
	 WHERE NOT EXISTS (SELECT 1 FROM wish_state
	                    WHERE wish_id = NEW.wish_id AND step = NEW.step - 1
	                      AND date <= NEW.date);
END;
CREATE TRIGGER wish_state_order_update BEFORE UPDATE OF date ON wish_state
BEGIN
	SELECT RAISE(ABORT, 'wish state out of 三单制 order')
	 WHERE EXISTS (SELECT 1 FROM wish_state
	                WHERE wish_id = NEW.wish_id
	                  AND ((step = NEW.step - 1 AND date > NEW.date)
	                    OR (step = NEW.step + 1 AND date < NEW.date)));
END;

CREATE TABLE activity (
	id          INTEGER PRIMARY KEY,
	member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
	date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	kind        TEXT NOT NULL CHECK (kind GLOB '[a-z]*' AND kind NOT GLOB '*[^a-z0-9_]*'),
	minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 1440),
	community_id INTEGER REFERENCES org(id),
	content     TEXT NOT NULL DEFAULT '',
	place       TEXT,
	rating      TEXT CHECK (rating IN ('优','良','一般')),
	verifier    TEXT,
	recorder    TEXT,
	beneficiary TEXT,
	participants TEXT,
	household   TEXT,
	wish_id     INTEGER REFERENCES wish(id),
	extra       TEXT CHECK (extra IS NULL OR json_valid(extra)),
	-- What the 服务（活动）记录卡 needs for a record to count.
	complete    INTEGER GENERATED ALWAYS AS (content <> '' AND place IS NOT NULL
	                AND minutes > 0 AND rating IS NOT NULL AND verifier IS NOT NULL) VIRTUAL
);
-- The evaluation streams activities in (member, date) order from this index
-- alone; it also finds a row by its natural key on import.
CREATE INDEX activity_scan ON activity(member_id, date, kind, minutes, community_id,
	rating, complete, verifier IS NOT NULL, household);
CREATE TRIGGER activity_unique BEFORE INSERT ON activity
BEGIN
	SELECT RAISE(ABORT, 'duplicate activity (same member, date, kind, community and content)')
	 WHERE EXISTS (SELECT 1 FROM activity
	                WHERE member_id = NEW.member_id AND date = NEW.date AND kind = NEW.kind
	                  AND community_id IS NEW.community_id AND content = NEW.content);
END;

CREATE TABLE suggestion (
	id          INTEGER PRIMARY KEY,
	member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
	date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	content     TEXT NOT NULL DEFAULT '',
	adopted     INTEGER NOT NULL DEFAULT 0 CHECK (adopted IN (0,1)),
	UNIQUE (member_id, date, content)
);

CREATE TABLE pairing (
	id          INTEGER PRIMARY KEY,
	member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
	household   TEXT NOT NULL CHECK (household <> ''),
	household_kind TEXT,
	household_ethnicity TEXT,
	start_date  TEXT NOT NULL CHECK (start_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	end_date    TEXT CHECK (end_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
	                AND end_date >= start_date),
	UNIQUE (member_id, household, start_date)
);

CREATE TABLE org_event (
	id          INTEGER PRIMARY KEY,
	org_id      INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
	date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	kind        TEXT NOT NULL CHECK (kind IN ('good_deed','ethnic_unity','theme_day',
	                'four_lists','report')),
	content     TEXT NOT NULL DEFAULT '',
	UNIQUE (org_id, date, kind, content)
);

CREATE TABLE breach (
	id          INTEGER PRIMARY KEY,
	member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
	date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	kind        TEXT NOT NULL CHECK (kind <> ''),
	note        TEXT,
	UNIQUE (member_id, date, kind)
);

-- 爱心银行: points earned (+) and spent (-); the balance never goes negative.
CREATE TABLE ledger (
	id          INTEGER PRIMARY KEY,
	member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
	date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	points      INTEGER NOT NULL CHECK (points <> 0),
	reason      TEXT NOT NULL CHECK (reason <> ''),
	activity_id INTEGER REFERENCES activity(id)
);
CREATE INDEX ledger_member ON ledger(member_id, date);
CREATE TRIGGER ledger_balance AFTER INSERT ON ledger
BEGIN
	SELECT RAISE(ABORT, '爱心银行 balance would go negative')
	 WHERE (SELECT sum(points) FROM ledger WHERE member_id = NEW.member_id) < 0;
END;

-- Evaluation runs.  A run is written in one transaction with its results;
-- status 'failed' rows record runs that were rolled back, for the audit.
CREATE TABLE run (
	id          INTEGER PRIMARY KEY,
	pack        TEXT NOT NULL,
	pack_version TEXT NOT NULL,
	pack_hash   TEXT NOT NULL,
	year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
	as_of       TEXT NOT NULL,
	scope       TEXT,                     -- org code of --org, NULL for all
	started     TEXT NOT NULL,
	finished    TEXT,
	status      TEXT NOT NULL CHECK (status IN ('running','finished','failed')),
	members     INTEGER NOT NULL DEFAULT 0,
	orgs        INTEGER NOT NULL DEFAULT 0,
	findings    INTEGER NOT NULL DEFAULT 0,
	error       TEXT,
	CHECK ((status = 'finished') = (finished IS NOT NULL))
);
CREATE INDEX run_pack ON run(pack, year, status);

-- The requirements a run evaluated, numbered within the run.
CREATE TABLE run_requirement (
	run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	no          INTEGER NOT NULL,
	req         TEXT NOT NULL,
	level       TEXT NOT NULL CHECK (level IN ('member','org')),
	title       TEXT NOT NULL,
	clause      TEXT NOT NULL,
	origin      TEXT NOT NULL,             -- the pack the rule comes from
	PRIMARY KEY (run_id, no),
	UNIQUE (run_id, req)
) WITHOUT ROWID;

-- One row per member (subject = member.id) and per org (subject = org.id).
CREATE TABLE result (
	run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	level       TEXT NOT NULL CHECK (level IN ('member','org')),
	subject     INTEGER NOT NULL,
	score       REAL,
	grade       TEXT,
	stars       INTEGER,
	award       INTEGER CHECK (award IN (0,1)),
	next_band   TEXT,                      -- "72 points; 较好 needs 80"
	PRIMARY KEY (run_id, level, subject)
) WITHOUT ROWID;

-- Requirement outcomes.  value and target are JSON scalars (or NULL).
CREATE TABLE outcome (
	run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	level       TEXT NOT NULL,
	subject     INTEGER NOT NULL,
	no          INTEGER NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('pass','fail','n/a')),
	value       TEXT,
	target      TEXT,
	message     TEXT,
	PRIMARY KEY (run_id, level, subject, no)
) WITHOUT ROWID;

-- A rule that failed (error, limit) for one subject: the run goes on.
CREATE TABLE finding (
	run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	level       TEXT NOT NULL,
	subject     INTEGER NOT NULL,
	pack        TEXT NOT NULL,
	rule        TEXT NOT NULL,
	message     TEXT NOT NULL
);
CREATE INDEX finding_run ON finding(run_id);

CREATE TABLE audit (
	id          INTEGER PRIMARY KEY,
	at          TEXT NOT NULL,
	actor       TEXT NOT NULL,             -- the OS user
	action      TEXT NOT NULL,             -- import, evaluate, wish, ...
	tbl         TEXT,
	file        TEXT,
	file_sha256 TEXT,
	inserted    INTEGER NOT NULL DEFAULT 0,
	updated     INTEGER NOT NULL DEFAULT 0,
	detail      TEXT
);
