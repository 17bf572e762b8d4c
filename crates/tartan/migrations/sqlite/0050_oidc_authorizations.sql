-- Logins through a provider's OpenID Connect authorization server that Link sent a user to and that have not
-- come back yet. Any instance can finish the callback; each row is claimed once (consumed_at). Rows go with
-- their Link session. Keep in step with migrations/postgres/0050_oidc_authorizations.sql.

CREATE TABLE oidc_authorizations (
    state_hash      TEXT PRIMARY KEY NOT NULL, -- SHA-256 of the `state` parameter (256 random bits)
    token_hash      TEXT NOT NULL,             -- the link token of the session (its SHA-256)
    link_session_id TEXT NOT NULL REFERENCES link_sessions (link_session_id) ON DELETE CASCADE,
    institution_id  TEXT NOT NULL,
    nonce_hash      TEXT NOT NULL,             -- SHA-256 of the `nonce` the ID token must carry
    pkce_verifier   TEXT NOT NULL,             -- sent once, to the token endpoint; useless without the code
    redirect_uri    TEXT NOT NULL,             -- Tartan's callback as sent (the token request repeats it)
    return_to       TEXT,                      -- the app's redirect_uri with oauth_state_id; NULL: Link's pop-up
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    consumed_at     INTEGER                     -- set by the one callback that claimed it
);
CREATE INDEX oidc_authorizations_by_session ON oidc_authorizations (link_session_id);
