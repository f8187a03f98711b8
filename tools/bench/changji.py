#!/usr/bin/env python3
"""changji.py DB YEAR - the changji pack's member rules, the way a user
would write them with Python's sqlite3 module: one aggregate query for the
year facts of every member (as rules/changji/facts.lua declares them), then
one loop applying rules/changji/rules.lua: who is bound, the seven duties,
the points of 二(二)8, the four grades and the breach cap.  The parameters
are the defaults of rules/changji/pack.conf.  Prints member,score,grade
(score and grade empty for a member the notice does not bind), which
`make bench` compares with baodao's `report results --format csv`."""

import sqlite3
import sys

# rules/changji/pack.conf defaults.
MIN = {"services": 4, "claims": 1, "lectures": 1, "wishes": 1, "events": 1}
POINTS = {"report": 10, "services": 20, "claims": 10, "lectures": 10, "wishes": 10,
          "events": 10}
POINTS_EXTRA, MAX_EXTRA = 2, 30
BANDS = [(90, "好"), (70, "较好"), (40, "一般"), (0, "差")]
ORDER = ["差", "一般", "较好", "好"]
BREACH_CAP = "差"

QUERY = """
WITH p(lo, hi) AS (SELECT :year || '-01-01', :year || '-12-31'),
act AS (
    SELECT a.member_id AS id,
        sum(a.community_id = m.community_id AND a.verifier IS NOT NULL) AS services,
        sum(a.kind = 'lecture' AND a.verifier IS NOT NULL) AS lectures,
        sum(a.kind = 'community_event' AND a.verifier IS NOT NULL) AS events
    FROM p, activity a JOIN member m ON m.id = a.member_id
    WHERE a.date BETWEEN p.lo AND p.hi GROUP BY a.member_id),
reg AS (
    SELECT DISTINCT r.member_id AS id FROM p, registration r JOIN member m ON m.id = r.member_id
    WHERE r.date <= p.hi AND r.community_id = m.community_id),
cl AS (SELECT member_id AS id, count(*) AS n FROM p, claim
    WHERE date BETWEEN p.lo AND p.hi GROUP BY member_id),
wi AS (SELECT t.member_id AS id, count(*) AS n
    FROM p, wish_state t JOIN wish_state d ON d.wish_id = t.wish_id AND d.step = 4
    WHERE t.step = 3 AND t.date <= p.hi AND d.date BETWEEN p.lo AND p.hi GROUP BY t.member_id),
br AS (SELECT member_id AS id, count(*) AS n FROM p, breach
    WHERE date BETWEEN p.lo AND p.hi GROUP BY member_id)
SELECT m.code, m.status, m.status_date, m.exempt, reg.id IS NOT NULL,
    coalesce(act.services, 0), coalesce(cl.n, 0), coalesce(act.lectures, 0),
    coalesce(wi.n, 0), coalesce(act.events, 0), coalesce(br.n, 0)
FROM member m
LEFT JOIN act ON act.id = m.id LEFT JOIN reg ON reg.id = m.id LEFT JOIN cl ON cl.id = m.id
LEFT JOIN wi ON wi.id = m.id LEFT JOIN br ON br.id = m.id
ORDER BY m.id
"""


def main():
    db, year = sys.argv[1], int(sys.argv[2])
    as_of = "%d-12-31" % year
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    out = [("member", "score", "grade")]
    for (code, status, status_date, exempt, registered, services, claims, lectures,
         wishes, events, breaches) in con.execute(QUERY, {"year": str(year)}):
        retired = status == "retired" and (status_date is None or status_date <= as_of)
        if retired or exempt:
            out.append((code, "", ""))
            continue
        facts = {"services": services, "claims": claims, "lectures": lectures,
                 "wishes": wishes, "events": events}
        score = POINTS["report"] if registered else 0
        extra = 0
        for k, n in facts.items():
            if n >= MIN[k]:
                score += POINTS[k]
            extra += max(0, n - MIN[k])
        score += min(MAX_EXTRA, extra * POINTS_EXTRA)
        grade = next(g for low, g in BANDS if score >= low)
        if breaches > 0 and ORDER.index(grade) > ORDER.index(BREACH_CAP):
            grade = BREACH_CAP
        out.append((code, "%g" % score, grade))
    con.close()
    sys.stdout.write("".join("%s,%s,%s\n" % row for row in out))


if __name__ == "__main__":
    main()
