-- The dispatcher delivers many webhooks at once, limited per destination (a receiver's origin) and one worker
-- per Item; these columns and indexes let a claim skip busy destinations and Items already in flight.
ALTER TABLE webhook_outbox ADD COLUMN destination TEXT NOT NULL DEFAULT '';
-- Rows written before this migration: the URL stands for its destination (each URL is then its own).
UPDATE webhook_outbox SET destination = url;
CREATE INDEX webhook_outbox_item_lease ON webhook_outbox (item_id, lease_expires_at);
CREATE INDEX webhook_outbox_delivered ON webhook_outbox (delivered_at);
-- Claims walk due webhooks in this order and stop at their limit, without sorting the backlog.
CREATE INDEX webhook_outbox_claim_order ON webhook_outbox (status, next_attempt_at, webhook_id);
