-- Sensor alerts (FIWARE WasteContainer `status` other than ok: burning, dropped, moved, lidOpen...).
-- Idempotent on (bin, instant, status): the same payload posted twice stores one alert.
CREATE TABLE alerts (
  bin_id      TEXT NOT NULL REFERENCES bins (id),
  raised_at   TEXT NOT NULL, -- ISO 8601 UTC
  status      TEXT NOT NULL,
  source      TEXT NOT NULL, -- e.g. 'ngsi'
  received_at TEXT NOT NULL,
  PRIMARY KEY (bin_id, raised_at, status)
) WITHOUT ROWID;
CREATE INDEX alerts_raised_at ON alerts (raised_at);
