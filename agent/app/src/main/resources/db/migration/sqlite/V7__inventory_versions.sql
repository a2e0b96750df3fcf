-- A version per stack's inventory that every change of its rows raises (triggers, so that no writer, of any
-- process, can change the inventory without it): a store that keeps a stack's inventory in memory reads
-- this one row to know whether what it keeps is still the inventory (see dev.plumbline.agent.state.
-- JdbcStateStore#inventory), instead of reading every row again on every run.

CREATE TABLE inventory_versions (
    stack   TEXT    NOT NULL PRIMARY KEY,
    version INTEGER NOT NULL
);

INSERT INTO inventory_versions (stack, version) SELECT DISTINCT stack, 1 FROM inventory;

CREATE TRIGGER inventory_inserted AFTER INSERT ON inventory
BEGIN
    INSERT INTO inventory_versions (stack, version) VALUES (NEW.stack, 1)
        ON CONFLICT (stack) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER inventory_updated AFTER UPDATE ON inventory
BEGIN
    INSERT INTO inventory_versions (stack, version) VALUES (OLD.stack, 1)
        ON CONFLICT (stack) DO UPDATE SET version = version + 1;
    INSERT INTO inventory_versions (stack, version) VALUES (NEW.stack, 1)
        ON CONFLICT (stack) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER inventory_deleted AFTER DELETE ON inventory
BEGIN
    UPDATE inventory_versions SET version = version + 1 WHERE stack = OLD.stack;
END;
