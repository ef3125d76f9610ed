-- The plan's day (issue #14): its life after the solve, its inputs (to reproduce it), its options
-- and the shortfall it reports; the notice as a code.
ALTER TABLE plans ADD COLUMN day_status TEXT CHECK (day_status IS NULL OR day_status IN ('draft', 'published', 'in_progress', 'done'));
ALTER TABLE plans ADD COLUMN published_at TEXT;
ALTER TABLE plans ADD COLUMN inputs TEXT;       -- JSON PlanInput: decisions, bins, sites, vehicles, seed, iterations, options
ALTER TABLE plans ADD COLUMN options TEXT;      -- JSON plan options ({"overtimeMin": 0})
ALTER TABLE plans ADD COLUMN shortfall TEXT;    -- JSON ShortfallDto, or NULL
ALTER TABLE plans ADD COLUMN notice_code TEXT;  -- nothing_to_collect | nothing_routed
ALTER TABLE plans ADD COLUMN notice_params TEXT; -- JSON object
UPDATE plans SET day_status = 'draft' WHERE status = 'done';
CREATE INDEX plans_space_day_status ON plans (space_id, date, day_status);
