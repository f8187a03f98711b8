-- 008_ledger_activity_index: `ledger credit` asks, for each activity of
-- the year, whether an entry already names it (ledger.activity_id).
-- Without an index that look-up scans the whole ledger once per activity,
-- so a second credit of a large year took minutes.  Most entries name no
-- activity (earn and spend), so the index holds only those that do.

CREATE INDEX ledger_activity ON ledger(activity_id) WHERE activity_id IS NOT NULL;
