-- The citizens' map (issue #16): problems residents report on a drop-off point (point d'apport
-- volontaire), moderated by a manager of the space.
--
-- A report is `pending` until a manager accepts or rejects it. An `accepted` report makes its bin
-- `must` in the next plans (reason code `citizen_report`) until a collection of the bin after the
-- report is recorded (a driver's `collected` report, or a stop marked done): it is then `done`.
-- `rejected` and `done` are closed.
--
-- The reporter's e-mail and the photo are personal data, kept only while the report is open: the
-- statement that closes a report erases the e-mail, the photo row goes in the same transaction,
-- and the CHECK below refuses a closed report that still holds an e-mail.

CREATE TABLE citizen_reports (
  id           TEXT PRIMARY KEY,
  space_id     TEXT NOT NULL REFERENCES spaces (id),
  bin_id       TEXT NOT NULL REFERENCES bins (id), -- bins are retired, never deleted
  kind         TEXT NOT NULL CHECK (kind IN ('overflowing', 'damaged', 'fly_tipping')),
  comment      TEXT,
  email        TEXT, -- personal data: erased when the report is closed
  has_photo    INTEGER NOT NULL CHECK (has_photo IN (0, 1)),
  status       TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'done')),
  created_at   TEXT NOT NULL, -- ISO 8601 UTC
  moderated_at TEXT,
  moderated_by TEXT, -- who accepted or rejected it, as they were named then
  closed_at    TEXT,
  CHECK (status IN ('pending', 'accepted') OR (email IS NULL AND has_photo = 0 AND closed_at IS NOT NULL))
);
CREATE INDEX citizen_reports_space ON citizen_reports (space_id, status, created_at);
CREATE INDEX citizen_reports_bin ON citizen_reports (space_id, bin_id, status);

-- The photo of an open report (metadata stripped on arrival), deleted when the report is closed.
CREATE TABLE citizen_report_photos (
  report_id TEXT PRIMARY KEY REFERENCES citizen_reports (id) ON DELETE CASCADE,
  type      TEXT NOT NULL CHECK (type IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes     BLOB NOT NULL
);
