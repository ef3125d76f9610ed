-- Street closures and no-go areas, and mid-day re-plans (issue #14, items 4 and 5).
--
-- A closure is a closed street (a line) or an area (a polygon) drawn by a manager, valid from one
-- local date-time to another (`YYYY-MM-DDTHH:MM`, the space's time zone); plans whose day meets
-- the period route around it. A re-plan is a plan made from another plan of the same day: the
-- stops done by then stay, the rest is planned again from `at_sec` (seconds since local midnight),
-- with some trucks unavailable from a time (`unavailable`: JSON [{vehicleId, fromSec}]).
-- Done stops are the stops of a plan reported done (by the manager, or a driver's report); a
-- re-plan starts with the done stops of its source, each with its truck.

CREATE TABLE closures (
  id          TEXT PRIMARY KEY,
  space_id    TEXT NOT NULL REFERENCES spaces (id),
  label       TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('street', 'area')),
  geometry    TEXT NOT NULL, -- GeoJSON LineString, MultiLineString or Polygon, [lng, lat]
  valid_from  TEXT NOT NULL,
  valid_to    TEXT NOT NULL CHECK (valid_to > valid_from),
  created_at  TEXT NOT NULL
);
CREATE INDEX closures_space_period ON closures (space_id, valid_from, valid_to);

CREATE TABLE plan_replans (
  plan_id          TEXT PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
  source_plan_id   TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  at_sec           INTEGER NOT NULL CHECK (at_sec >= 0),
  unavailable      TEXT NOT NULL DEFAULT '[]',
  done_before_at   INTEGER NOT NULL DEFAULT 0 CHECK (done_before_at IN (0, 1)),
  spec             TEXT NOT NULL -- JSON: the fixed prefixes and truck changes computed when it was made
);
CREATE INDEX plan_replans_source ON plan_replans (source_plan_id);

CREATE TABLE plan_done_stops (
  plan_id     TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  bin_id      TEXT NOT NULL,
  vehicle_id  TEXT, -- set for the stops a re-plan carries over from its source (done before it)
  done_at     TEXT NOT NULL,
  PRIMARY KEY (plan_id, bin_id)
);
