-- Webhooks: the signing keys, the durable outbox, and every delivery attempt.

-- ES256 keys. The newest unexpired key signs; expired keys stay so that receivers can still verify.
CREATE TABLE webhook_keys (
    key_id      TEXT PRIMARY KEY NOT NULL, -- a UUID, the JWT `kid`
    private_key TEXT NOT NULL,             -- the P-256 scalar, hex
    x           TEXT NOT NULL,             -- public point, base64url
    y           TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expired_at  BIGINT
);

-- Written in the same transaction as the change that causes the webhook; delivered by whichever instance
-- leases the row first.
CREATE TABLE webhook_outbox (
    webhook_id       TEXT PRIMARY KEY NOT NULL,
    item_id          TEXT NOT NULL,
    url              TEXT NOT NULL,
    webhook_type     TEXT NOT NULL,
    webhook_code     TEXT NOT NULL,
    body             TEXT NOT NULL,  -- the exact bytes POSTed (and hashed into the signature)
    status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         BIGINT NOT NULL,
    created_at       BIGINT NOT NULL,
    next_attempt_at  BIGINT NOT NULL,
    lease_holder     TEXT,
    lease_expires_at BIGINT,
    delivered_at     BIGINT,
    last_error       TEXT
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (status, next_attempt_at);

CREATE TABLE webhook_attempts (
    webhook_id   TEXT NOT NULL REFERENCES webhook_outbox (webhook_id) ON DELETE CASCADE,
    attempt      BIGINT NOT NULL,
    attempted_at BIGINT NOT NULL,
    status_code  BIGINT,             -- null: no HTTP answer
    error        TEXT,
    duration_ms  BIGINT NOT NULL,
    PRIMARY KEY (webhook_id, attempt)
);
