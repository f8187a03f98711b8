-- 003_outcome_points: the points a requirement gave when it passed
-- (requirement { points = N or "parameter" }), so explain can say what
-- each rule added to the score.

ALTER TABLE outcome ADD COLUMN points REAL;
