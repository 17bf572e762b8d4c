-- An Item's products, login state and error, copied onto its `items` row as PostgreSQL's 0070 does, so that the
-- hot reads (store/sql/sqlite_reads.rs) find everything about an Item in one row. Reading the three tables in the
-- Item's statement cost three more B-tree descents and the products' aggregate on every data request, ≈ 10k
-- instructions a read (docs/performance.md, 2026-12-07, "One row an Item on SQLite"). The three tables stay what
-- every write changes and what every other reader reads: the triggers below rewrite the copies inside the writing
-- statement, in its transaction (SQLite has one writer at a time), so a reader sees the tables and the copies of
-- the same commit. SQLite has no TRUNCATE: a `DELETE` without `WHERE` on a table with triggers deletes row by
-- row and fires them. An Item deleted (the cascade to the three tables) has no row left to update.

-- As the item queries aggregate them: `position:product` pairs, comma-separated, in no particular order.
ALTER TABLE items ADD COLUMN products TEXT;
-- item_login_required.since, null: the login is fine.
ALTER TABLE items ADD COLUMN login_required_since INTEGER;
-- item_errors.error_code, null: no error set.
ALTER TABLE items ADD COLUMN error_code TEXT;

UPDATE items SET
    products = (SELECT string_agg(p.position || ':' || p.product, ',') FROM item_products p
                WHERE p.item_id = items.item_id),
    login_required_since = (SELECT l.since FROM item_login_required l WHERE l.item_id = items.item_id),
    error_code = (SELECT e.error_code FROM item_errors e WHERE e.item_id = items.item_id);

CREATE TRIGGER item_products_inserted_onto_items AFTER INSERT ON item_products BEGIN
    UPDATE items SET products = (SELECT string_agg(p.position || ':' || p.product, ',') FROM item_products p
                                 WHERE p.item_id = NEW.item_id)
    WHERE item_id = NEW.item_id;
END;
CREATE TRIGGER item_products_updated_onto_items AFTER UPDATE ON item_products BEGIN
    UPDATE items SET products = (SELECT string_agg(p.position || ':' || p.product, ',') FROM item_products p
                                 WHERE p.item_id = items.item_id)
    WHERE item_id IN (OLD.item_id, NEW.item_id);
END;
CREATE TRIGGER item_products_deleted_onto_items AFTER DELETE ON item_products BEGIN
    UPDATE items SET products = (SELECT string_agg(p.position || ':' || p.product, ',') FROM item_products p
                                 WHERE p.item_id = OLD.item_id)
    WHERE item_id = OLD.item_id;
END;

CREATE TRIGGER item_login_required_inserted_onto_items AFTER INSERT ON item_login_required BEGIN
    UPDATE items SET login_required_since = NEW.since WHERE item_id = NEW.item_id;
END;
CREATE TRIGGER item_login_required_updated_onto_items AFTER UPDATE ON item_login_required BEGIN
    UPDATE items SET login_required_since = (SELECT l.since FROM item_login_required l
                                             WHERE l.item_id = items.item_id)
    WHERE item_id IN (OLD.item_id, NEW.item_id);
END;
CREATE TRIGGER item_login_required_deleted_onto_items AFTER DELETE ON item_login_required BEGIN
    UPDATE items SET login_required_since = NULL WHERE item_id = OLD.item_id;
END;

CREATE TRIGGER item_errors_inserted_onto_items AFTER INSERT ON item_errors BEGIN
    UPDATE items SET error_code = NEW.error_code WHERE item_id = NEW.item_id;
END;
CREATE TRIGGER item_errors_updated_onto_items AFTER UPDATE ON item_errors BEGIN
    UPDATE items SET error_code = (SELECT e.error_code FROM item_errors e WHERE e.item_id = items.item_id)
    WHERE item_id IN (OLD.item_id, NEW.item_id);
END;
CREATE TRIGGER item_errors_deleted_onto_items AFTER DELETE ON item_errors BEGIN
    UPDATE items SET error_code = NULL WHERE item_id = OLD.item_id;
END;
