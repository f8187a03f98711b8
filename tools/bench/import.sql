-- import.sql: the floor `make bench` holds `baodao import` against.
-- sqlite3's own .import of the same twelve CSV files (run from the folder
-- that holds them), into tables of text columns named by the headers,
-- and then the indexes a year pass needs: every record kind by member
-- and date, org events by org, members and orgs by code.
PRAGMA journal_mode = WAL;
BEGIN;
.import --csv orgs.csv orgs
.import --csv members.csv members
.import --csv registrations.csv registrations
.import --csv posts.csv posts
.import --csv claims.csv claims
.import --csv wishes.csv wishes
.import --csv activities.csv activities
.import --csv suggestions.csv suggestions
.import --csv pairings.csv pairings
.import --csv org_events.csv org_events
.import --csv breaches.csv breaches
.import --csv member_events.csv member_events
COMMIT;
CREATE UNIQUE INDEX orgs_code ON orgs(code);
CREATE UNIQUE INDEX members_code ON members("党员编号");
CREATE UNIQUE INDEX posts_code ON posts(code);
CREATE INDEX registrations_member ON registrations(member, date);
CREATE INDEX claims_member ON claims(member, date);
CREATE INDEX wishes_taker ON wishes(taker, taken);
CREATE INDEX activities_member ON activities(member, date, kind, hours, community,
	rating, verifier, household);
CREATE INDEX suggestions_member ON suggestions(member, date);
CREATE INDEX pairings_member ON pairings(member, start);
CREATE INDEX org_events_org ON org_events(org, date);
CREATE INDEX breaches_member ON breaches(member, date);
CREATE INDEX member_events_member ON member_events(member, date);
