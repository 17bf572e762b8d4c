-- Clients, Items, their accounts and the tokens that reach them.
-- Times are unix milliseconds (portable and comparable across backends); secrets are SHA-256 hex digests.
-- Keep in step with migrations/sqlite/0001_init.sql (same tables, columns and meaning).

CREATE TABLE clients (
    client_id   TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE items (
    item_id          TEXT PRIMARY KEY NOT NULL,
    client_id        TEXT NOT NULL REFERENCES clients (client_id),
    institution_id   TEXT,
    institution_name TEXT,
    webhook          TEXT,
    created_at       BIGINT NOT NULL
);
CREATE INDEX items_by_client ON items (client_id);

-- The Item's products in the order they were added (initial products first).
CREATE TABLE item_products (
    item_id  TEXT NOT NULL REFERENCES items (item_id) ON DELETE CASCADE,
    product  TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (item_id, product)
);

CREATE TABLE accounts (
    account_id TEXT PRIMARY KEY NOT NULL,
    item_id    TEXT NOT NULL REFERENCES items (item_id) ON DELETE CASCADE,
    position   BIGINT NOT NULL, -- the institution's order, which Plaid keeps
    data       TEXT NOT NULL     -- JSON: name, mask, type, balances, numbers, owners
);
CREATE INDEX accounts_by_item ON accounts (item_id, position);

CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('access', 'public')),
    item_id    TEXT NOT NULL REFERENCES items (item_id) ON DELETE CASCADE,
    client_id  TEXT NOT NULL REFERENCES clients (client_id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT,          -- null: never (access tokens)
    used_at    BIGINT            -- public tokens are single use
);
CREATE INDEX tokens_by_item ON tokens (item_id);
CREATE INDEX tokens_by_expiry ON tokens (expires_at) WHERE expires_at IS NOT NULL;

-- Background jobs that exactly one server instance may run at a time hold a lease here.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY NOT NULL,
    holder     TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
