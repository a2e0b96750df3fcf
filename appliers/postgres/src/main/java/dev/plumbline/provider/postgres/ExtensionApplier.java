package dev.plumbline.provider.postgres;

import dev.plumbline.plan.Change;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code CREATE EXTENSION ... SCHEMA ... [VERSION]}, {@code ALTER EXTENSION ... SET SCHEMA} (relocatable
 * extensions only; PostgreSQL says so otherwise), {@code ALTER EXTENSION ... UPDATE TO}, and
 * {@code DROP EXTENSION} ({@code RESTRICT}: an extension whose types or functions are in use stays, and
 * prune stops with PostgreSQL's sentence), run on the extension's database.
 */
final class ExtensionApplier extends CommentedApplier<ExtensionSpec> {

    ExtensionApplier(Cluster cluster) {
        super(cluster, ExtensionSpec.class);
    }

    @Override
    Map<String, Observed<ExtensionSpec>> catalog(Session session, List<String> names) throws SQLException {
        return SchemaCatalog.extensions(session, names);
    }

    @Override
    List<Sql> create(Session session, ExtensionSpec spec) {
        return List.of(Sql.of("CREATE EXTENSION " + Quoting.identifier(spec.name()) + " SCHEMA "
                + Quoting.identifier(spec.schema())
                + spec.version().map(version -> " VERSION " + Quoting.literal(version)).orElse("")));
    }

    @Override
    List<Sql> update(ExtensionSpec spec, ExtensionSpec current, Change change) {
        String name = Quoting.identifier(spec.name());
        List<Sql> statements = new ArrayList<>();
        if (!current.schema().equals(spec.schema())) {
            statements.add(Sql.of("ALTER EXTENSION " + name + " SET SCHEMA " + Quoting.identifier(spec.schema())));
        }
        if (spec.version().isPresent() && !spec.version().equals(current.version())) {
            statements.add(Sql.of("ALTER EXTENSION " + name + " UPDATE TO " + Quoting.literal(spec.version().get())));
        }
        return statements;
    }

    @Override
    void drop(Session admin, Session session, ExtensionSpec live, Stamp stamp) throws SQLException {
        session.execute("DROP EXTENSION " + Quoting.identifier(live.name()) + " RESTRICT");
    }
}
