-- Nothing on SQLite. On PostgreSQL this migration copies an Item's products, login state and error onto its
-- `items` row (kept by triggers) so that the hot reads open one relation instead of four; SQLite reads the three
-- tables in the same statement at no round trip's cost. Kept so that both backends have the same migrations.
SELECT 1;
