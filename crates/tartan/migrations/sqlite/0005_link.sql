-- Link: link tokens with the settings they were created with, the sessions opened with them, and the
-- Items that need the user back in Link (update mode). Keep in step with migrations/postgres/0005_link.sql.

CREATE TABLE link_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    client_id  TEXT NOT NULL REFERENCES clients (client_id),
    settings   TEXT NOT NULL,    -- JSON: what /link/token/create accepted (domain::LinkSettings)
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER           -- set when a session of the token added an Item
);
CREATE INDEX link_tokens_by_expiry ON link_tokens (expires_at);

CREATE TABLE link_sessions (
    link_session_id TEXT PRIMARY KEY NOT NULL,
    token_hash      TEXT NOT NULL REFERENCES link_tokens (token_hash) ON DELETE CASCADE,
    started_at      INTEGER NOT NULL,
    finished_at     INTEGER,
    version         INTEGER NOT NULL, -- bumped by every step: concurrent steps of one session cannot both apply
    stage           TEXT NOT NULL,    -- JSON: where the session is (sandbox::link::Stage)
    outcome         TEXT              -- JSON: onSuccess or onExit, once finished (domain::LinkOutcome)
);
CREATE INDEX link_sessions_by_token ON link_sessions (token_hash, started_at);

-- Items whose login must be repaired in Link update mode (/sandbox/item/reset_login).
CREATE TABLE item_login_required (
    item_id TEXT PRIMARY KEY NOT NULL REFERENCES items (item_id) ON DELETE CASCADE,
    since   INTEGER NOT NULL
);
