-- The operator console (issue 19). Keep in step with migrations/sqlite/0030_console.sql.

-- Signed-in console sessions: only the SHA-256 of the session id the cookie holds, and when it lapses (unix ms).
CREATE TABLE console_sessions (
    session_hash TEXT PRIMARY KEY NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX console_sessions_by_expiry ON console_sessions (expires_at);

-- An Item or institution error set on an Item (console): data endpoints answer it and /item/get shows it until
-- it is cleared. ITEM_LOGIN_REQUIRED is not kept here but in item_login_required (update mode repairs it).
CREATE TABLE item_errors (
    item_id    TEXT PRIMARY KEY NOT NULL REFERENCES items (item_id) ON DELETE CASCADE,
    error_code TEXT NOT NULL,
    since      BIGINT NOT NULL
);

-- The Plaid-Verification header each attempt sent (an ES256 JWT; not a secret: receivers verify it).
ALTER TABLE webhook_attempts ADD COLUMN signature TEXT;
