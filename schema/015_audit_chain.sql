-- 015_audit_chain: the audit trail becomes a hash chain that may only grow.
-- Each entry carries the SHA-256 of the one before it (prev_hash, '' for the
-- first) and its own hash over a canonical encoding of its fields and
-- prev_hash (storage/audit.c, baodao_audit_hash() here), so `baodao audit
-- --verify` finds an entry changed or deleted even by someone who drops the
-- triggers below.  The entries written before this step join the chain in
-- the order of their ids.

ALTER TABLE audit ADD COLUMN prev_hash TEXT;
ALTER TABLE audit ADD COLUMN hash TEXT;

CREATE TEMP TABLE audit_chain AS
WITH RECURSIVE c(id, prev, h) AS (
	SELECT id, '', baodao_audit_hash(id, at, actor, action, tbl, file, file_sha256,
	    inserted, updated, detail, '')
	FROM audit WHERE id = (SELECT min(id) FROM audit)
	UNION ALL
	SELECT a.id, c.h, baodao_audit_hash(a.id, a.at, a.actor, a.action, a.tbl, a.file,
	    a.file_sha256, a.inserted, a.updated, a.detail, c.h)
	FROM c JOIN audit a ON a.id = (SELECT min(id) FROM audit WHERE id > c.id)
)
SELECT id, prev, h FROM c;

UPDATE audit SET
	prev_hash = (SELECT prev FROM temp.audit_chain c WHERE c.id = audit.id),
	hash = (SELECT h FROM temp.audit_chain c WHERE c.id = audit.id);
DROP TABLE temp.audit_chain;

CREATE INDEX audit_at ON audit(at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only: entries are never changed');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only: entries are never deleted');
END;
