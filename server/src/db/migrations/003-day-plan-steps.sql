-- Plans on the collection-day model (issue #5): routes carry driving time, break time, their cost
-- (EUR, the objective's unit) and CO2; steps may be lunch breaks, and record the start of service
-- (after any wait) and the driving time from the previous step.
--
-- SQLite cannot change a CHECK constraint in place, so plan_stops is rebuilt (nothing references
-- it). Rows of plans stored before this migration keep their values; the new columns are NULL
-- (driving, cost) or the arrival (start of service: the old model never waited).

ALTER TABLE plan_routes ADD COLUMN driving_s INTEGER; -- NULL for plans stored before the day model
ALTER TABLE plan_routes ADD COLUMN break_s INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plan_routes ADD COLUMN cost REAL; -- EUR; NULL for plans stored before the day model
ALTER TABLE plan_routes ADD COLUMN co2_kg REAL;

CREATE TABLE plan_stops_v3 (
  plan_id               TEXT NOT NULL,
  route_id              TEXT NOT NULL,
  step_idx              INTEGER NOT NULL,
  kind                  TEXT NOT NULL CHECK (kind IN ('start', 'bin', 'disposal', 'break', 'end')),
  ref_id                TEXT, -- bin id, or site id for start/disposal/end; NULL for a break
  loc_idx               INTEGER, -- matrix index of the place; NULL for a break (taken where the truck stands)
  lng                   REAL NOT NULL, -- for a break: where the truck stands
  lat                   REAL NOT NULL,
  arrival_sec           INTEGER NOT NULL,
  start_sec             INTEGER NOT NULL, -- start of service: arrival plus any wait for a window
  departure_sec         INTEGER NOT NULL,
  arrival_at            TEXT NOT NULL,
  start_at              TEXT NOT NULL,
  departure_at          TEXT NOT NULL,
  load_after_litres     INTEGER NOT NULL,
  load_after_kg         INTEGER NOT NULL,
  distance_from_prev_m  INTEGER NOT NULL,
  driving_from_prev_sec INTEGER, -- NULL for plans stored before the day model
  PRIMARY KEY (plan_id, route_id, step_idx),
  FOREIGN KEY (plan_id, route_id) REFERENCES plan_routes (plan_id, route_id) ON DELETE CASCADE,
  CHECK ((kind = 'break') = (ref_id IS NULL))
);

INSERT INTO plan_stops_v3 (plan_id, route_id, step_idx, kind, ref_id, loc_idx, lng, lat, arrival_sec, start_sec, departure_sec,
  arrival_at, start_at, departure_at, load_after_litres, load_after_kg, distance_from_prev_m, driving_from_prev_sec)
SELECT plan_id, route_id, step_idx, kind, ref_id, loc_idx, lng, lat, arrival_sec, arrival_sec, departure_sec,
  arrival_at, arrival_at, departure_at, load_after_litres, load_after_kg, distance_from_prev_m, NULL
FROM plan_stops;

DROP TABLE plan_stops;
ALTER TABLE plan_stops_v3 RENAME TO plan_stops;
