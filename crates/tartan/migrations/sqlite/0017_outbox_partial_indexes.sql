-- A claim reads only pending rows, and asks which Items have a webhook leased. Partial indexes keep both lookups
-- to the rows that matter however long the delivered history grows, and leave the planner no worse choice when
-- it has no statistics (PostgreSQL with autovacuum off never analyzes a table; its plan then probed every
-- pending index entry once per candidate).
DROP INDEX webhook_outbox_due;
DROP INDEX webhook_outbox_claim_order;
DROP INDEX webhook_outbox_item_lease;
CREATE INDEX webhook_outbox_pending ON webhook_outbox (next_attempt_at, webhook_id) WHERE status = 'pending';
CREATE INDEX webhook_outbox_leased ON webhook_outbox (lease_expires_at, item_id) WHERE lease_expires_at IS NOT NULL;
