-- An Item's products, login state and error, copied onto its `items` row, so that the hot reads
-- (store/sql/pg_reads.rs) find everything about an Item in one row instead of opening item_products,
-- item_login_required and item_errors (three relations and their indexes, about half the backend's cost of finding
-- an Item; docs/performance.md, 2026-12-07). The three tables stay what every write changes and what every other
-- reader reads: the triggers below rewrite the copies in the writing statement's own transaction, so a reader of
-- either sees the same committed state. PostgreSQL only: SQLite reads the three tables (its joins cost no round
-- trips and little else).

-- As the item queries aggregate them: `position:product` pairs, comma-separated, in no particular order.
ALTER TABLE items ADD COLUMN products TEXT;
-- item_login_required.since, null: the login is fine.
ALTER TABLE items ADD COLUMN login_required_since BIGINT;
-- item_errors.error_code, null: no error set.
ALTER TABLE items ADD COLUMN error_code TEXT;

UPDATE items i SET
    products = (SELECT string_agg(p.position || ':' || p.product, ',') FROM item_products p WHERE p.item_id = i.item_id),
    login_required_since = (SELECT l.since FROM item_login_required l WHERE l.item_id = i.item_id),
    error_code = (SELECT e.error_code FROM item_errors e WHERE e.item_id = i.item_id);

-- Recomputes the copies of one Item from the three tables. The Item's row is locked first (NO KEY UPDATE, the lock
-- the UPDATE takes anyway: it does not wait for the KEY SHARE locks that the writes' foreign key checks hold on the
-- row, so two writers do not deadlock upgrading theirs; FOR UPDATE did). Under READ COMMITTED
-- the statement after the lock takes a new snapshot, which sees every write committed by a transaction that held
-- the lock before (two transactions adding products to one Item at once each recompute after the other's commit,
-- so neither copy loses the other's product). An Item deleted in this transaction (the cascade to the three
-- tables) has no row left to lock or update. The functions resolve names in the schema they were created in
-- (`SET search_path FROM CURRENT`), whatever the writing session's search_path.
CREATE FUNCTION items_copy_state(item TEXT) RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM 1 FROM items WHERE item_id = item FOR NO KEY UPDATE;
    UPDATE items SET
        products = (SELECT string_agg(p.position || ':' || p.product, ',') FROM item_products p WHERE p.item_id = item),
        login_required_since = (SELECT l.since FROM item_login_required l WHERE l.item_id = item),
        error_code = (SELECT e.error_code FROM item_errors e WHERE e.item_id = item)
    WHERE item_id = item;
END
$$;

CREATE FUNCTION items_state_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM items_copy_state(OLD.item_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.item_id IS DISTINCT FROM OLD.item_id) THEN
        PERFORM items_copy_state(NEW.item_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER item_products_onto_items AFTER INSERT OR UPDATE OR DELETE ON item_products
    FOR EACH ROW EXECUTE FUNCTION items_state_changed();
CREATE TRIGGER item_login_required_onto_items AFTER INSERT OR UPDATE OR DELETE ON item_login_required
    FOR EACH ROW EXECUTE FUNCTION items_state_changed();
CREATE TRIGGER item_errors_onto_items AFTER INSERT OR UPDATE OR DELETE ON item_errors
    FOR EACH ROW EXECUTE FUNCTION items_state_changed();
-- TRUNCATE fires no row triggers: clear the copies with it.
CREATE FUNCTION items_state_truncated() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_TABLE_NAME = 'item_products' THEN
        UPDATE items SET products = NULL WHERE products IS NOT NULL;
    ELSIF TG_TABLE_NAME = 'item_login_required' THEN
        UPDATE items SET login_required_since = NULL WHERE login_required_since IS NOT NULL;
    ELSE
        UPDATE items SET error_code = NULL WHERE error_code IS NOT NULL;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER item_products_truncated AFTER TRUNCATE ON item_products
    FOR EACH STATEMENT EXECUTE FUNCTION items_state_truncated();
CREATE TRIGGER item_login_required_truncated AFTER TRUNCATE ON item_login_required
    FOR EACH STATEMENT EXECUTE FUNCTION items_state_truncated();
CREATE TRIGGER item_errors_truncated AFTER TRUNCATE ON item_errors
    FOR EACH STATEMENT EXECUTE FUNCTION items_state_truncated();
