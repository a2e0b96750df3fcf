package dev.plumbline.provider.postgres;

import dev.plumbline.plan.Change;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code CREATE SCHEMA ... AUTHORIZATION}, {@code ALTER SCHEMA ... OWNER TO} and {@code DROP SCHEMA},
 * run on the schema's database. The drop is {@code RESTRICT}: a schema that still holds tables, views or
 * functions is not dropped, and prune stops with PostgreSQL's sentence naming what is in it.
 */
final class SchemaApplier extends CommentedApplier<SchemaSpec> {

    SchemaApplier(Cluster cluster) {
        super(cluster, SchemaSpec.class);
    }

    @Override
    void create(Session session, SchemaSpec spec, Change change) throws SQLException {
        session.execute("CREATE SCHEMA " + Quoting.identifier(spec.name()) + " AUTHORIZATION "
                + Quoting.identifier(spec.owner()));
    }

    @Override
    void update(Session session, SchemaSpec spec, Change change) throws SQLException {
        SchemaSpec current = SchemaCatalog.schemas(session, List.of(spec.name())).get(spec.name()).spec();
        if (!current.owner().equals(spec.owner())) {
            session.execute("ALTER SCHEMA " + Quoting.identifier(spec.name()) + " OWNER TO "
                    + Quoting.identifier(spec.owner()));
        }
    }

    @Override
    void drop(Session admin, Session session, SchemaSpec live, Stamp stamp) throws SQLException {
        session.execute("DROP SCHEMA " + Quoting.identifier(live.name()) + " RESTRICT");
    }
}
