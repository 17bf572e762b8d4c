-- Processor partners and the tokens that let them read one account of an Item.

-- A client registered as a processor partner (a value of Plaid's `processor` enum); null for apps.
ALTER TABLE clients ADD COLUMN processor TEXT;

CREATE TABLE processor_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    item_id    TEXT NOT NULL REFERENCES items (item_id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    processor  TEXT,             -- the partner it was made for; null: only its creator (sandbox) may use it
    client_id  TEXT NOT NULL REFERENCES clients (client_id), -- the client that created it
    created_at BIGINT NOT NULL
);
CREATE INDEX processor_tokens_by_item ON processor_tokens (item_id);

-- Stripe bank account tokens minted for an account; Tartan records them so /item/remove revokes them.
CREATE TABLE stripe_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    item_id    TEXT NOT NULL REFERENCES items (item_id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    client_id  TEXT NOT NULL REFERENCES clients (client_id),
    created_at BIGINT NOT NULL
);
CREATE INDEX stripe_tokens_by_item ON stripe_tokens (item_id);
