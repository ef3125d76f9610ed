-- Inventory editing (issue #14, item 6).
--
-- Bins, sites and vehicles edited or imported by a manager are never deleted: a removed item gets
-- retired_at (ISO 8601 UTC) and leaves every list, the map, the forecast and new plans, while the
-- readings, alerts and stored plans that name it keep their ids. Importing or creating the same id
-- again brings it back (retired_at set to NULL). Ids stay unique across spaces.

ALTER TABLE bins ADD COLUMN retired_at TEXT;
ALTER TABLE sites ADD COLUMN retired_at TEXT;
ALTER TABLE vehicles ADD COLUMN retired_at TEXT;
