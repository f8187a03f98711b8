-- 007_installed_manifest: each installed version's MANIFEST as it was
-- when the version was installed.  The copy in the store is compared with
-- it whenever it is loaded, so a file edited, added or removed after the
-- install is named even when the MANIFEST in the store was rewritten to
-- match.  NULL for versions installed before (their hash still guards
-- them).

ALTER TABLE installed_pack ADD COLUMN manifest TEXT;
