-- The served form of each account: the JSON fragments the data endpoints answer with (crates/tartan/src/wire/served.rs),
-- written by every statement that writes `data`, so a read copies them instead of parsing `data`. Null on rows
-- written before this migration: those are served by parsing `data`, as before.
-- Keep in step with the other backend's 0060_served_accounts.sql.
ALTER TABLE accounts ADD COLUMN served_type TEXT;           -- AccountType's wire name
ALTER TABLE accounts ADD COLUMN served_base TEXT;           -- AccountBase, last_updated_datetime null
ALTER TABLE accounts ADD COLUMN served_owners TEXT;         -- AccountIdentity's owners array
ALTER TABLE accounts ADD COLUMN served_ach TEXT;            -- NumbersACH, null: none
ALTER TABLE accounts ADD COLUMN served_eft TEXT;            -- NumbersEFT
ALTER TABLE accounts ADD COLUMN served_international TEXT;  -- NumbersInternational
ALTER TABLE accounts ADD COLUMN served_bacs TEXT;           -- NumbersBACS
