-- Leases held by one run of one process, with fencing tokens (see dev.plumbline.agent.state.JdbcLeases).
-- One row per stack, kept once made so that its token only grows; the holder's columns are NULL while the
-- lease is free. A run's writes are made only while its token is the row's and a holder is set.
-- The former table of owner names goes: a lease in it named no process and no token.

DROP TABLE locks;

CREATE TABLE leases (
    stack         TEXT    NOT NULL PRIMARY KEY,
    token         INTEGER NOT NULL CHECK (token > 0),
    role          TEXT,
    host          TEXT,
    pid           INTEGER,
    process_start INTEGER,
    instance      TEXT,
    since         INTEGER,
    expires_at    INTEGER
);
