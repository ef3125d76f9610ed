-- Plans edited by hand (issue #14, editing and locks): the problem document each plan was solved
-- on (so it can be re-evaluated and re-optimised on the same travel matrix), and the versions of a
-- plan a manager's edits made, with the locks and the checker's violations of each. The plan's
-- routes, stops and unassigned rows always hold the version `plans.edit_version` points at
-- (0: the solver's plan); undo and redo move that pointer.

CREATE TABLE plan_problems (
  plan_id  TEXT PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
  problem  TEXT NOT NULL -- the problem document (docs/problem-format.md) the plan was solved on
);

CREATE TABLE plan_versions (
  plan_id     TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  version     INTEGER NOT NULL CHECK (version >= 0),
  created_at  TEXT NOT NULL,
  author      TEXT, -- user id of the manager; NULL for version 0 (the solver's plan)
  edits       TEXT NOT NULL, -- JSON: the edits that made this version from the one before
  locks       TEXT NOT NULL, -- JSON: the locks in force (problem-format `locks`)
  plan        TEXT NOT NULL, -- JSON: the plan (docs/plan-format) the checker saw
  violations  TEXT NOT NULL, -- JSON: checkDayPlan's violations of it ([] when clean)
  PRIMARY KEY (plan_id, version)
);

ALTER TABLE plans ADD COLUMN edit_version INTEGER NOT NULL DEFAULT 0;
-- bumped at every rewrite of the plan's rows (a version number can come back after an undo and a
-- new edit; caches of the plan's body key on this)
ALTER TABLE plans ADD COLUMN rows_revision INTEGER NOT NULL DEFAULT 0;
