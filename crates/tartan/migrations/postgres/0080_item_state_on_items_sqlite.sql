-- Nothing on PostgreSQL: 0070 already copies an Item's products, login state and error onto its `items` row.
-- This migration does the same on SQLite. Kept so that both backends have the same migrations.
SELECT 1;
