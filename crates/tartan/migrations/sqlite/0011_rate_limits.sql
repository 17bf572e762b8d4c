-- Opt-in Plaid rate limits (--rate-limits plaid): requests counted per bucket (limit, route, client or Item) and
-- one-minute window, shared by every instance on the database. Old windows are swept by upkeep.
CREATE TABLE rate_limit_windows (
    bucket       TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
