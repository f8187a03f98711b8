-- 002_installed_packs: rule packs installed into this database's store.
--
-- Each installed version is a folder under the pack store holding the
-- pack and, beside it, the packs it extends as they were when it was
-- installed and tested, so an installed pack never changes under a run.
-- Versions of one pack may not be in force at the same time; a version
-- rolled back stays installed but inactive.

CREATE TABLE installed_pack (
	id          TEXT NOT NULL,
	version     TEXT NOT NULL,
	hash        TEXT NOT NULL CHECK (length(hash) = 64),
	dir         TEXT NOT NULL,             -- the pack's folder in the store
	effective_from TEXT NOT NULL DEFAULT '',
	effective_to   TEXT NOT NULL DEFAULT '',
	installed   TEXT NOT NULL,
	active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
	PRIMARY KEY (id, version),
	CHECK (effective_to = '' OR effective_from = '' OR effective_to >= effective_from)
) WITHOUT ROWID;
