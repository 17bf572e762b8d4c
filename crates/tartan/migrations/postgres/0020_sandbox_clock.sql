-- Per-client sandbox clock (issue 19).
-- Keep in step with migrations/sqlite/0020_sandbox_clock.sql.

-- How far this client's notion of now runs ahead of real time, in milliseconds (never negative).
ALTER TABLE clients ADD COLUMN clock_offset_ms BIGINT NOT NULL DEFAULT 0;
