-- Per-client API version and secret rotation (issue 16).
-- Keep in step with migrations/sqlite/0016_client_versions_and_secrets.sql.

-- The Plaid API version answered when a request sends no Plaid-Version header.
ALTER TABLE clients ADD COLUMN api_version TEXT NOT NULL DEFAULT '2020-09-14';
-- The secret a rotation replaced (SHA-256 hex) and when it stops being accepted (unix ms); null: none.
ALTER TABLE clients ADD COLUMN previous_secret_hash TEXT;
ALTER TABLE clients ADD COLUMN previous_secret_expires_at BIGINT;
