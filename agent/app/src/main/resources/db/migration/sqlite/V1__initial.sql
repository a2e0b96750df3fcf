-- Plumbline state store, SQLite: the first schema (see dev.plumbline.agent.state.SqliteStateStore).
-- Every time is epoch milliseconds, UTC, as INTEGER. Text that a record defaults to '' is stored as ''.

-- What each stack applied, by resource key; pending = 1 marks an intent recorded before a write whose
-- outcome is not yet known (the key still counts as owned, so it can be pruned after a crash).
CREATE TABLE inventory (
    stack      TEXT    NOT NULL,
    provider   TEXT    NOT NULL,
    grp        TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    namespace  TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    hash       TEXT    NOT NULL,
    revision   TEXT    NOT NULL,
    pending    INTEGER NOT NULL CHECK (pending IN (0, 1)),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (stack, provider, grp, kind, namespace, name)
);

-- The last known state of each stack, one row per stack.
CREATE TABLE stack_status (
    stack                   TEXT    NOT NULL PRIMARY KEY,
    last_attempted_revision TEXT,
    last_attempted_at       INTEGER,
    last_applied_revision   TEXT,
    last_applied_at         INTEGER,
    condition               TEXT    NOT NULL,
    reason                  TEXT    NOT NULL,
    message                 TEXT    NOT NULL,
    drifted                 INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL
);

-- The history of runs; the end columns stay NULL while a run is going.
CREATE TABLE runs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    stack          TEXT    NOT NULL,
    revision       TEXT,
    trigger        TEXT    NOT NULL,
    trigger_detail TEXT    NOT NULL,
    started_at     INTEGER NOT NULL,
    finished_at    INTEGER,
    result         TEXT,
    reason         TEXT,
    message        TEXT,
    created        INTEGER NOT NULL DEFAULT 0,
    updated        INTEGER NOT NULL DEFAULT 0,
    deleted        INTEGER NOT NULL DEFAULT 0,
    unchanged      INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX runs_by_stack ON runs (stack, id);

-- One lease per stack: who reconciles it, until when.
CREATE TABLE locks (
    stack      TEXT    NOT NULL PRIMARY KEY,
    owner      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);
