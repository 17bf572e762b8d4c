-- Bank statements uploaded for an account, with what the analyzer found in them.
CREATE TABLE documents (
    document_id TEXT PRIMARY KEY NOT NULL,   -- a UUID
    item_id     TEXT NOT NULL REFERENCES items (item_id) ON DELETE CASCADE,
    account_id  TEXT NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    uploaded_at BIGINT NOT NULL,
    sha256      TEXT NOT NULL,              -- of the file, hex
    analysis    TEXT NOT NULL,              -- JSON: page count, holder, account number match, risk signals
    file        BYTEA NOT NULL                 -- the PDF as uploaded
);
CREATE INDEX documents_by_item ON documents (item_id, uploaded_at);
