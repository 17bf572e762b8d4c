-- Failures on demand per client (issue 19).
-- Keep in step with migrations/postgres/0021_sandbox_failures.sql.

-- The client's forced failures as JSON ({"latency_ms", "error_percent", "error_code"}); null: none.
ALTER TABLE clients ADD COLUMN sandbox_failures TEXT;
-- How many of the client's next requests answer RATE_LIMIT_EXCEEDED; each one takes one, atomically.
ALTER TABLE clients ADD COLUMN rate_limit_burst INTEGER NOT NULL DEFAULT 0;
