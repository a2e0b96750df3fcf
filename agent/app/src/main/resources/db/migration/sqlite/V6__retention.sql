-- Retention (admin.retention, see dev.plumbline.agent.state.JdbcRetention) deletes audit entries and runs by
-- age, oldest first, in batches: these indexes let it find them without reading the whole table.

CREATE INDEX audit_at ON audit (at);
CREATE INDEX runs_started ON runs (started_at);
