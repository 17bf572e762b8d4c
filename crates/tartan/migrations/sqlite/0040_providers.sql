-- A data provider's catalogue (production): institutions with their login method, end users, their accounts
-- with owners; which institutions each client may link; which end user and provider accounts an Item shows;
-- failed logins (counted here so every instance sees them) and the audit log.
-- Keep in step with migrations/postgres/0040_providers.sql.

CREATE TABLE provider_institutions (
    institution_id TEXT PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL,
    data           TEXT NOT NULL,    -- JSON: domain::ProviderInstitution (country codes, products, logo, colour, login)
    updated_at     INTEGER NOT NULL
);

CREATE TABLE provider_users (
    institution_id TEXT NOT NULL REFERENCES provider_institutions (institution_id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL,
    password_hash  TEXT,             -- Argon2 PHC string or bcrypt hash; never a password
    totp_secret    TEXT,             -- RFC 6238 seed, base32
    oidc_subject   TEXT,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (institution_id, user_id)
);
CREATE INDEX provider_users_by_subject ON provider_users (institution_id, oidc_subject);

CREATE TABLE provider_accounts (
    institution_id TEXT NOT NULL,
    account_id     TEXT NOT NULL,    -- the provider's id
    user_id        TEXT NOT NULL,
    position       INTEGER NOT NULL, -- the order the provider gave them in
    data           TEXT NOT NULL,    -- JSON: domain::Account with owners
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (institution_id, account_id),
    FOREIGN KEY (institution_id, user_id) REFERENCES provider_users (institution_id, user_id) ON DELETE CASCADE
);
CREATE INDEX provider_accounts_by_user ON provider_accounts (institution_id, user_id, position);

CREATE TABLE client_institutions (
    client_id      TEXT NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    institution_id TEXT NOT NULL,
    PRIMARY KEY (client_id, institution_id)
);

-- An Item created by a provider login: its end user, and the provider account behind each of its accounts.
CREATE TABLE provider_items (
    item_id        TEXT PRIMARY KEY NOT NULL REFERENCES items (item_id) ON DELETE CASCADE,
    institution_id TEXT NOT NULL,
    user_id        TEXT NOT NULL
);
CREATE INDEX provider_items_by_user ON provider_items (institution_id, user_id);

CREATE TABLE provider_item_accounts (
    item_id             TEXT NOT NULL REFERENCES items (item_id) ON DELETE CASCADE,
    account_id          TEXT NOT NULL, -- the Item's id of the account
    institution_id      TEXT NOT NULL,
    provider_account_id TEXT NOT NULL,
    PRIMARY KEY (item_id, account_id)
);
CREATE INDEX provider_item_accounts_by_source ON provider_item_accounts (institution_id, provider_account_id);

CREATE TABLE login_failures (
    institution_id TEXT NOT NULL,
    user_id        TEXT NOT NULL,
    failed_at      INTEGER NOT NULL
);
CREATE INDEX login_failures_by_user ON login_failures (institution_id, user_id, failed_at);

CREATE TABLE audit_log (
    audit_id TEXT PRIMARY KEY NOT NULL, -- UUIDv7: sorts by time
    at       INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL,
    source   TEXT NOT NULL,
    outcome  TEXT NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log (at);
