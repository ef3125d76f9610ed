-- Readings are read by bin (the primary key (bin_id, measured_at) serves every window query: the
-- bins of a space, then a time range in each). The index on measured_at alone served no query of
-- the server and cost about a third of every insert (bench:server, 2026-12-03: a reading from a
-- different bin dirties one more page per row), so it is dropped.
DROP INDEX IF EXISTS readings_measured_at;
