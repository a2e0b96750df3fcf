package dev.plumbline.provider.postgres;

import dev.plumbline.plan.Change;
import java.sql.SQLException;
import java.util.List;

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
    void create(Session session, ExtensionSpec spec, Change change) throws SQLException {
        session.execute("CREATE EXTENSION " + Quoting.identifier(spec.name()) + " SCHEMA "
                + Quoting.identifier(spec.schema())
                + spec.version().map(version -> " VERSION " + Quoting.literal(version)).orElse(""));
    }

    @Override
    void update(Session session, ExtensionSpec spec, Change change) throws SQLException {
        ExtensionSpec current = SchemaCatalog.extensions(session, List.of(spec.name())).get(spec.name()).spec();
        String name = Quoting.identifier(spec.name());
        if (!current.schema().equals(spec.schema())) {
            session.execute("ALTER EXTENSION " + name + " SET SCHEMA " + Quoting.identifier(spec.schema()));
        }
        if (spec.version().isPresent() && !spec.version().equals(current.version())) {
            session.execute("ALTER EXTENSION " + name + " UPDATE TO " + Quoting.literal(spec.version().get()));
        }
    }

    @Override
    void drop(Session admin, Session session, ExtensionSpec live, Stamp stamp) throws SQLException {
        session.execute("DROP EXTENSION " + Quoting.identifier(live.name()) + " RESTRICT");
    }
}
