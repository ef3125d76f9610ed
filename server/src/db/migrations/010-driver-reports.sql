-- The driver's tablet (issue #15): stop reports, truck positions, access notes of bins.
--
-- A report is made on the tablet when the driver touches a button; its id is a UUID the tablet
-- makes, so a retried send is recognised (same id and content: a duplicate, stored once). Reports
-- are never updated nor deleted: a later report of the same step within a few minutes corrects the
-- earlier one (`corrects`), and the current status of a step is its latest report. `bin_id` is the
-- step's bin (null for disposal visits and breaks), kept for the forecast and the next plans.
-- `by_name` keeps who reported as they were named then. Where a report was made (lng, lat,
-- accuracy_m) is a truck position: forgotten (set to NULL) with the positions' retention.

CREATE TABLE driver_reports (
  id            TEXT PRIMARY KEY,
  space_id      TEXT NOT NULL REFERENCES spaces (id),
  plan_id       TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  route_id      TEXT NOT NULL,
  step_idx      INTEGER NOT NULL CHECK (step_idx >= 0),
  bin_id        TEXT,
  outcome       TEXT NOT NULL CHECK (outcome IN ('collected', 'not_collected', 'disposal_done', 'break_done')),
  reason        TEXT CHECK (reason IN ('access_blocked', 'bin_not_out', 'overflowing', 'damaged', 'other')),
  note          TEXT,
  fill_percent  REAL,
  weight_kg     REAL,
  at            TEXT NOT NULL, -- ISO 8601 UTC, the tablet's clock when the driver touched the button
  received_at   TEXT NOT NULL, -- ISO 8601 UTC, the server's clock
  lng           REAL,
  lat           REAL,
  accuracy_m    REAL,
  user_id       TEXT REFERENCES users (id) ON DELETE SET NULL,
  by_name       TEXT NOT NULL,
  corrects      TEXT REFERENCES driver_reports (id),
  CHECK ((outcome = 'not_collected') = (reason IS NOT NULL))
);
CREATE INDEX driver_reports_step ON driver_reports (plan_id, route_id, step_idx, at);
CREATE INDEX driver_reports_bin ON driver_reports (space_id, bin_id, at);

-- Truck positions, recorded during the driver's shift only (RGPD: proof of service and the
-- manager's live view) and purged after a retention period (POSITION_RETENTION_DAYS).
CREATE TABLE truck_positions (
  space_id    TEXT NOT NULL REFERENCES spaces (id),
  user_id     TEXT REFERENCES users (id) ON DELETE SET NULL,
  vehicle_id  TEXT NOT NULL,
  at          TEXT NOT NULL, -- ISO 8601 UTC
  lng         REAL NOT NULL,
  lat         REAL NOT NULL,
  accuracy_m  REAL,
  PRIMARY KEY (space_id, vehicle_id, at)
) WITHOUT ROWID;
CREATE INDEX truck_positions_at ON truck_positions (at);

-- Access notes of a bin (code of a gate, lift side...), shown to the driver.
ALTER TABLE bins ADD COLUMN access_notes TEXT;
