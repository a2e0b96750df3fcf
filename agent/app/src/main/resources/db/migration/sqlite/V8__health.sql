-- How a stack's objects are doing, for a stack that waits for health (sync.healthTimeout): Healthy, Progressing
-- or Degraded, and a sentence naming the object at fault; empty for a stack that does not wait.
ALTER TABLE stack_status ADD COLUMN health TEXT NOT NULL DEFAULT '';
ALTER TABLE stack_status ADD COLUMN health_message TEXT NOT NULL DEFAULT '';
