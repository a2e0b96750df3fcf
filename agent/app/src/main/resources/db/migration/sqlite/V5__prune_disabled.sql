-- An object applied from a manifest annotated plumbline.dev/prune: disabled is never pruned; the inventory
-- remembers the directive, since once the manifest is gone it is the only place left that knows it.

ALTER TABLE inventory ADD COLUMN prune_disabled INTEGER NOT NULL DEFAULT 0 CHECK (prune_disabled IN (0, 1));
