-- Initial schema. Units are in the column names; instants are ISO 8601 UTC text
-- (`2026-11-28T06:00:00.000Z`), so text order is time order.

CREATE TABLE bins (
  id              TEXT PRIMARY KEY,
  lng             REAL NOT NULL,
  lat             REAL NOT NULL,
  stream          TEXT NOT NULL CHECK (stream IN ('residual', 'packaging', 'glass', 'paper', 'biowaste')),
  container       TEXT NOT NULL,
  capacity_litres INTEGER NOT NULL CHECK (capacity_litres > 0),
  service_sec     INTEGER NOT NULL CHECK (service_sec >= 0),
  origin          TEXT NOT NULL CHECK (origin IN ('osm', 'generated')),
  osm_ref         TEXT,
  h3_cell         TEXT NOT NULL
);
CREATE INDEX bins_h3_cell ON bins (h3_cell);

CREATE TABLE sites (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('depot', 'disposal')),
  name        TEXT NOT NULL,
  lng         REAL NOT NULL,
  lat         REAL NOT NULL,
  service_sec INTEGER NOT NULL CHECK (service_sec >= 0)
);

CREATE TABLE vehicles (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  type            TEXT NOT NULL,
  streams         TEXT NOT NULL, -- JSON array of stream names
  capacity_litres INTEGER NOT NULL CHECK (capacity_litres > 0),
  capacity_kg     INTEGER NOT NULL CHECK (capacity_kg > 0),
  shift_start     TEXT NOT NULL, -- local wall-clock HH:MM
  shift_end       TEXT NOT NULL,
  co2_kg_per_km   REAL NOT NULL
);

CREATE TABLE readings (
  bin_id       TEXT NOT NULL REFERENCES bins (id),
  measured_at  TEXT NOT NULL,
  fill_percent REAL NOT NULL CHECK (fill_percent >= 0 AND fill_percent <= 100),
  PRIMARY KEY (bin_id, measured_at)
) WITHOUT ROWID;
CREATE INDEX readings_measured_at ON readings (measured_at);

CREATE TABLE plans (
  id         TEXT PRIMARY KEY,
  date       TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  created_at TEXT NOT NULL,
  error      TEXT,
  summary    TEXT -- JSON PlanSummary
);
CREATE INDEX plans_date ON plans (date, created_at);

CREATE TABLE plan_routes (
  plan_id          TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  route_id         TEXT NOT NULL,
  route_idx        INTEGER NOT NULL,
  vehicle_id       TEXT NOT NULL,
  vehicle_name     TEXT NOT NULL,
  streams          TEXT NOT NULL, -- JSON
  capacity_litres  INTEGER NOT NULL,
  capacity_kg      INTEGER NOT NULL,
  distance_m       INTEGER NOT NULL,
  duration_s       INTEGER NOT NULL,
  start_at         TEXT NOT NULL,
  end_at           TEXT NOT NULL,
  bin_count        INTEGER NOT NULL,
  disposal_trips   INTEGER NOT NULL,
  collected_litres INTEGER NOT NULL,
  collected_kg     INTEGER NOT NULL,
  color            TEXT NOT NULL,
  geometry         TEXT NOT NULL, -- JSON array of [lng, lat]
  PRIMARY KEY (plan_id, route_id)
);

-- Every solver step of a route, including the depot start and end (kind 'start'/'end'),
-- so the solver Plan can be rebuilt exactly from the rows.
CREATE TABLE plan_stops (
  plan_id             TEXT NOT NULL,
  route_id            TEXT NOT NULL,
  step_idx            INTEGER NOT NULL,
  kind                TEXT NOT NULL CHECK (kind IN ('start', 'bin', 'disposal', 'end')),
  ref_id              TEXT NOT NULL, -- bin id, or site id for start/disposal/end
  loc_idx             INTEGER NOT NULL,
  lng                 REAL NOT NULL,
  lat                 REAL NOT NULL,
  arrival_sec         INTEGER NOT NULL,
  departure_sec       INTEGER NOT NULL,
  arrival_at          TEXT NOT NULL,
  departure_at        TEXT NOT NULL,
  load_after_litres   INTEGER NOT NULL,
  load_after_kg       INTEGER NOT NULL,
  distance_from_prev_m INTEGER NOT NULL,
  PRIMARY KEY (plan_id, route_id, step_idx),
  FOREIGN KEY (plan_id, route_id) REFERENCES plan_routes (plan_id, route_id) ON DELETE CASCADE
);

CREATE TABLE plan_unassigned (
  plan_id TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  bin_id  TEXT NOT NULL,
  reason  TEXT NOT NULL,
  detail  TEXT NOT NULL,
  PRIMARY KEY (plan_id, bin_id)
);
