package dev.plumbline.provider.postgres;

import dev.plumbline.plan.Change;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

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
    Map<String, Observed<SchemaSpec>> catalog(Session session, List<String> names) throws SQLException {
        return SchemaCatalog.schemas(session, names);
    }

    @Override
    List<Sql> create(Session session, SchemaSpec spec) {
        return List.of(Sql.of("CREATE SCHEMA " + Quoting.identifier(spec.name()) + " AUTHORIZATION "
                + Quoting.identifier(spec.owner())));
    }

    @Override
    List<Sql> update(SchemaSpec spec, SchemaSpec current, Change change) {
        if (current.owner().equals(spec.owner())) {
            return List.of();
        }
        return List.of(Sql.of("ALTER SCHEMA " + Quoting.identifier(spec.name()) + " OWNER TO "
                + Quoting.identifier(spec.owner())));
    }

    @Override
    void drop(Session admin, Session session, SchemaSpec live, Stamp stamp) throws SQLException {
        session.execute("DROP SCHEMA " + Quoting.identifier(live.name()) + " RESTRICT");
    }
}
