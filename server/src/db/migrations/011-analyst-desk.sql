-- The analyst's desk (issue #16, items 1-3).
--
-- 1. collections: each emptying of a bin, with the fill just before it when known. Fed at seed by
--    the sample's fixed-schedule ground truth (source 'sample'); `overflowed` is 1 when the bin was
--    over its rim. It belongs to its bin's space (bins never change space). `day` is the local
--    date (YYYY-MM-DD, the space's time zone) for daily aggregates.
-- 2. plan_days: one row per space and day with the figures of that day's plan (km, truck-hours,
--    cost, CO2, bins planned and collected). Fed at seed by data/sample/plans-history.csv (past
--    plans built once with the one engine by scripts/build-sample-plans.ts, source 'sample').
-- 3. bins.commune: the commune a bin is in, for aggregates by commune (NULL: not known). The
--    sample seed sets it to the nearest commune centre of data/sample/communes.json (an
--    approximation: no commune boundaries are bundled).
-- 4. spaces.open_data_public: whether the space publishes its open data (bins.geojson, bins.csv)
--    to anyone without login; 0 (analysts, managers and admins of the space only) by default.

CREATE TABLE collections (
  space_id            TEXT NOT NULL REFERENCES spaces (id),
  bin_id              TEXT NOT NULL REFERENCES bins (id),
  collected_at        TEXT NOT NULL, -- ISO 8601 UTC
  day                 TEXT NOT NULL, -- local date in the space's time zone
  fill_before_percent REAL CHECK (fill_before_percent IS NULL OR (fill_before_percent >= 0 AND fill_before_percent <= 150)),
  overflowed          INTEGER CHECK (overflowed IS NULL OR overflowed IN (0, 1)),
  source              TEXT NOT NULL CHECK (source IN ('sample', 'driver', 'import')),
  PRIMARY KEY (bin_id, collected_at)
) WITHOUT ROWID;
CREATE INDEX collections_space_day ON collections (space_id, day);

CREATE TABLE plan_days (
  space_id       TEXT NOT NULL REFERENCES spaces (id),
  day            TEXT NOT NULL, -- local date
  routes         INTEGER NOT NULL CHECK (routes >= 0),
  km             REAL NOT NULL CHECK (km >= 0),
  truck_hours    REAL NOT NULL CHECK (truck_hours >= 0),
  cost_eur       REAL NOT NULL CHECK (cost_eur >= 0),
  co2_kg         REAL NOT NULL CHECK (co2_kg >= 0),
  bins_planned   INTEGER NOT NULL CHECK (bins_planned >= 0),
  bins_collected INTEGER NOT NULL CHECK (bins_collected >= 0),
  source         TEXT NOT NULL CHECK (source IN ('sample', 'plan')),
  PRIMARY KEY (space_id, day)
) WITHOUT ROWID;

ALTER TABLE spaces ADD COLUMN open_data_public INTEGER NOT NULL DEFAULT 0 CHECK (open_data_public IN (0, 1));
ALTER TABLE bins ADD COLUMN commune TEXT;
