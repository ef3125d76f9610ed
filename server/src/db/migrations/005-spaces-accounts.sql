-- migrate: foreign_keys=off
-- Spaces, people, machine tokens and the audit trail (issue #13).
--
-- A space is one collectivité (a commune, or an intercommunalité of several communes). Bins,
-- depots, disposal sites, vehicles, plans and alerts carry the space they belong to; readings
-- belong to their bin's space. Rows stored before this migration go to the space 'principal'.
-- Ids stay unique across spaces (a bin id names one bin on the whole platform).

CREATE TABLE spaces (
  id          TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND length(id) BETWEEN 2 AND 40),
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('commune', 'intercommunalite')),
  communes    TEXT NOT NULL DEFAULT '[]', -- JSON array of commune names
  time_zone   TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
INSERT INTO spaces (id, name, kind, communes, time_zone, created_at)
  SELECT 'principal', 'Espace principal', 'commune', '[]', 'Europe/Monaco', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE EXISTS (SELECT 1 FROM bins) OR EXISTS (SELECT 1 FROM sites) OR EXISTS (SELECT 1 FROM vehicles) OR EXISTS (SELECT 1 FROM plans);

ALTER TABLE bins ADD COLUMN space_id TEXT NOT NULL DEFAULT 'principal' REFERENCES spaces (id);
CREATE INDEX bins_space ON bins (space_id, id);
ALTER TABLE sites ADD COLUMN space_id TEXT NOT NULL DEFAULT 'principal' REFERENCES spaces (id);
CREATE INDEX sites_space ON sites (space_id);
ALTER TABLE vehicles ADD COLUMN space_id TEXT NOT NULL DEFAULT 'principal' REFERENCES spaces (id);
CREATE INDEX vehicles_space ON vehicles (space_id);
ALTER TABLE plans ADD COLUMN space_id TEXT NOT NULL DEFAULT 'principal' REFERENCES spaces (id);
CREATE INDEX plans_space_date ON plans (space_id, date, created_at);
ALTER TABLE alerts ADD COLUMN space_id TEXT NOT NULL DEFAULT 'principal' REFERENCES spaces (id);
CREATE INDEX alerts_space_raised ON alerts (space_id, raised_at);

CREATE TABLE users (
  id                  TEXT PRIMARY KEY,
  username            TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name        TEXT NOT NULL,
  password_hash       TEXT NOT NULL, -- scrypt$N$r$p$salt$hash (base64url)
  created_at          TEXT NOT NULL,
  password_changed_at TEXT NOT NULL,
  demo                INTEGER NOT NULL DEFAULT 0, -- a demo user of the sample city (password set at each start)
  last_space_id       TEXT REFERENCES spaces (id) ON DELETE SET NULL -- the space a login opens (the last one worked in)
);

-- One role per user and space; a driver is bound to a vehicle of that space.
CREATE TABLE memberships (
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  space_id   TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'driver', 'analyst')),
  vehicle_id TEXT REFERENCES vehicles (id),
  PRIMARY KEY (user_id, space_id),
  CHECK ((role = 'driver') = (vehicle_id IS NOT NULL))
);
CREATE INDEX memberships_space ON memberships (space_id);

-- Sessions: the cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  space_id     TEXT NOT NULL REFERENCES spaces (id),
  csrf_token   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Machine tokens (gateways, scripts): shown once, stored as SHA-256; scopes are permissions.
CREATE TABLE api_tokens (
  id           TEXT PRIMARY KEY,
  space_id     TEXT NOT NULL REFERENCES spaces (id),
  name         TEXT NOT NULL,
  scopes       TEXT NOT NULL, -- JSON array
  token_hash   TEXT NOT NULL UNIQUE,
  prefix       TEXT NOT NULL, -- first characters, to recognise a token in a list
  created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT
);
CREATE INDEX api_tokens_space ON api_tokens (space_id);

-- Who did what and when. space_id is null for events outside a space (a failed login).
CREATE TABLE audit (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  space_id   TEXT REFERENCES spaces (id) ON DELETE CASCADE,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'token', 'system', 'anonymous')),
  actor_id   TEXT,
  actor_name TEXT NOT NULL,
  action     TEXT NOT NULL,
  target     TEXT,
  detail     TEXT -- JSON
);
CREATE INDEX audit_space_at ON audit (space_id, at);
CREATE INDEX audit_at ON audit (at);
