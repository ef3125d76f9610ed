-- migrate: foreign_keys=off
-- Hardening (issue #11).
--
-- 1. A reading may show waste above the rim: fill_percent up to 150 (MAX_FILL_PERCENT in the
--    contract) is kept as overflowing, not clipped. SQLite cannot change a CHECK in place, so the
--    table is rebuilt.
-- 2. bin_latest keeps the latest reading of every bin, maintained by a trigger in the same
--    transaction as the insert, so reading the map's state never scans the readings history.
-- 3. Plans may be cancelled, carry a notice for the manager (e.g. "nothing to collect") and count
--    how many times a restart resumed them. plans is the parent of plan_routes and
--    plan_unassigned, hence the foreign_keys=off rebuild (SQLite's documented 12-step procedure).

CREATE TABLE readings_v4 (
  bin_id       TEXT NOT NULL REFERENCES bins (id),
  measured_at  TEXT NOT NULL,
  fill_percent REAL NOT NULL CHECK (fill_percent >= 0 AND fill_percent <= 150),
  PRIMARY KEY (bin_id, measured_at)
) WITHOUT ROWID;
INSERT INTO readings_v4 (bin_id, measured_at, fill_percent) SELECT bin_id, measured_at, fill_percent FROM readings;
DROP TABLE readings;
ALTER TABLE readings_v4 RENAME TO readings;
CREATE INDEX readings_measured_at ON readings (measured_at);

CREATE TABLE bin_latest (
  bin_id       TEXT PRIMARY KEY REFERENCES bins (id),
  measured_at  TEXT NOT NULL,
  fill_percent REAL NOT NULL
) WITHOUT ROWID;
INSERT INTO bin_latest (bin_id, measured_at, fill_percent)
  SELECT r.bin_id, r.measured_at, r.fill_percent FROM readings r
  JOIN (SELECT bin_id, MAX(measured_at) AS m FROM readings GROUP BY bin_id) last ON last.bin_id = r.bin_id AND last.m = r.measured_at;

CREATE TRIGGER readings_keep_latest AFTER INSERT ON readings
BEGIN
  INSERT INTO bin_latest (bin_id, measured_at, fill_percent) VALUES (NEW.bin_id, NEW.measured_at, NEW.fill_percent)
  ON CONFLICT (bin_id) DO UPDATE SET measured_at = excluded.measured_at, fill_percent = excluded.fill_percent
  WHERE excluded.measured_at > bin_latest.measured_at;
END;

CREATE TABLE plans_v4 (
  id          TEXT PRIMARY KEY,
  date        TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  created_at  TEXT NOT NULL,
  error       TEXT,
  summary     TEXT, -- JSON PlanSummary
  notice      TEXT, -- a sentence for the manager when the plan needs one (nothing to collect...)
  resumed     INTEGER NOT NULL DEFAULT 0 -- times a restart re-queued it
);
INSERT INTO plans_v4 (id, date, status, created_at, error, summary) SELECT id, date, status, created_at, error, summary FROM plans;
DROP TABLE plans;
ALTER TABLE plans_v4 RENAME TO plans;
CREATE INDEX plans_date ON plans (date, created_at);
CREATE INDEX plans_status ON plans (status);
