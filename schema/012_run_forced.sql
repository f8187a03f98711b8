-- 012_run_forced: a run evaluated with an explicit pack version (ID@VERSION)
-- outside that version's dates, which `evaluate --force` allows, is marked,
-- so `runs` and `explain` say that the year was not judged by the version
-- in force for it.

ALTER TABLE run ADD COLUMN forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0,1));
