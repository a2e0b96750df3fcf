-- What operators and Git hosts do to the agent: pause, pin and sync requests per stack, the audit log of
-- mutating API calls, and the webhook deliveries seen (to drop replays).

CREATE TABLE stack_control (
    stack                TEXT    NOT NULL PRIMARY KEY,
    paused               INTEGER NOT NULL DEFAULT 0,
    pinned_revision      TEXT,
    last_request         TEXT,
    last_handled_request TEXT,
    updated_at           INTEGER NOT NULL
);

CREATE TABLE audit (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     INTEGER NOT NULL,
    actor  TEXT    NOT NULL,
    action TEXT    NOT NULL,
    target TEXT    NOT NULL,
    status INTEGER NOT NULL,
    result TEXT    NOT NULL
);

CREATE TABLE webhook_deliveries (
    source      TEXT    NOT NULL,
    delivery_id TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    host        TEXT    NOT NULL,
    ref         TEXT,
    revision    TEXT,
    result      TEXT    NOT NULL,
    PRIMARY KEY (source, delivery_id)
);

CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);
