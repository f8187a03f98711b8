-- 016_activity_verifier: `validate` counts, for each day and community,
-- the records each verifier signed (integrity.verifier_day).  From the
-- table that is a sort of every signed record of the period; this index
-- holds them in that order, so the count is one pass over the days
-- checked.  Records without a signature are not in it.

CREATE INDEX activity_verifier ON activity(date, community_id, verifier)
	WHERE verifier IS NOT NULL;
