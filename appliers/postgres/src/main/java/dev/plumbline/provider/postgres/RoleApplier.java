package dev.plumbline.provider.postgres;

import dev.plumbline.problem.Reasons;
import dev.plumbline.model.SecretValue;
import dev.plumbline.model.Sensitive;
import dev.plumbline.model.Values;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.StalledException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code CREATE ROLE}, {@code ALTER ROLE}, memberships ({@code GRANT role TO role}) and {@code DROP ROLE}.
 * Only attributes that differ from PostgreSQL's defaults (on create) or from the role as it is (on update)
 * are written, so a user without superuser can manage roles that never touch superuser-only attributes.
 * A password is written only when it does not already match, and always as a SCRAM verifier computed
 * here (see {@link PasswordVerifier}), whatever its characters: the password itself never reaches the
 * server, so neither its statement log. The statement is not logged here either, and its value is masked
 * should the server ever quote it back in an error. An empty password is {@code PASSWORD NULL}. A
 * membership is a statement for one member ({@link Sql#toRole}), so that a batch grants one role to all its
 * members at once.
 */
final class RoleApplier extends CommentedApplier<RoleSpec> {

    RoleApplier(Cluster cluster) {
        super(cluster, RoleSpec.class);
    }

    @Override
    Map<String, Observed<RoleSpec>> catalog(Session session, List<String> names) throws SQLException {
        return RoleCatalog.read(session, names);
    }

    @Override
    List<Sql> create(Session session, RoleSpec spec) {
        RoleSpec defaults = new RoleSpec(spec.name(), false, false, false, false, true, false, false, -1,
                Optional.empty(), List.of(), Optional.empty());
        List<String> options = options(spec, defaults);
        List<Sql> statements = new ArrayList<>();
        statements.add(Sql.of("CREATE ROLE " + Quoting.identifier(spec.name())
                + (options.isEmpty() ? "" : " WITH " + String.join(" ", options))));
        if (spec.password().isPresent()) {
            statements.add(password(spec.name(), spec.password().get()));
        }
        statements.addAll(memberships(spec, List.of()));
        return statements;
    }

    @Override
    List<Sql> update(RoleSpec spec, RoleSpec current, Change change) {
        List<String> options = options(spec, current);
        List<Sql> statements = new ArrayList<>();
        if (!options.isEmpty()) {
            statements.add(Sql.of("ALTER ROLE " + Quoting.identifier(spec.name()) + " WITH "
                    + String.join(" ", options)));
        }
        Object shown = change.live().map(live -> Values.map(live.state().get("spec")).get("password")).orElse(null);
        if (spec.password().isPresent() && !Objects.equals(shown, spec.password().get())) {
            statements.add(password(spec.name(), spec.password().get()));
        }
        statements.addAll(memberships(spec, current.memberOf()));
        return statements;
    }

    @Override
    void drop(Session admin, Session session, RoleSpec live, Stamp stamp) throws SQLException {
        session.execute("DROP ROLE " + Quoting.identifier(live.name()));
    }

    /** The options of {@code CREATE/ALTER ROLE} that turn {@code current} into {@code spec}. */
    private static List<String> options(RoleSpec spec, RoleSpec current) {
        List<String> options = new ArrayList<>();
        flag(options, "LOGIN", spec.login(), current.login());
        flag(options, "SUPERUSER", spec.superuser(), current.superuser());
        flag(options, "CREATEDB", spec.createdb(), current.createdb());
        flag(options, "CREATEROLE", spec.createrole(), current.createrole());
        flag(options, "INHERIT", spec.inherit(), current.inherit());
        flag(options, "REPLICATION", spec.replication(), current.replication());
        flag(options, "BYPASSRLS", spec.bypassRls(), current.bypassRls());
        if (spec.connectionLimit() != current.connectionLimit()) {
            options.add("CONNECTION LIMIT " + spec.connectionLimit());
        }
        if (!spec.validUntil().equals(current.validUntil())) {
            options.add("VALID UNTIL " + Quoting.literal(spec.validUntil().orElse("infinity")));
        }
        return options;
    }

    private static void flag(List<String> options, String name, boolean wanted, boolean current) {
        if (wanted != current) {
            options.add(wanted ? name : "NO" + name);
        }
    }

    /**
     * {@code GRANT parent TO role} and {@code REVOKE parent FROM role}: the memberships {@code current} lacks,
     * or has beyond the spec's.
     */
    private static List<Sql> memberships(RoleSpec spec, List<String> current) {
        List<Sql> statements = new ArrayList<>();
        for (String parent : spec.memberOf()) {
            if (!current.contains(parent)) {
                statements.add(Sql.toRole("GRANT " + Quoting.identifier(parent) + " TO", spec.name()));
            }
        }
        for (String parent : current) {
            if (!spec.memberOf().contains(parent)) {
                statements.add(Sql.toRole("REVOKE " + Quoting.identifier(parent) + " FROM", spec.name()));
            }
        }
        return statements;
    }

    /** {@code ALTER ROLE ... PASSWORD} with a verifier computed here, carrying the password and verifier as secrets. */
    private static Sql password(String role, SecretValue secret) {
        if (!(secret instanceof Sensitive sensitive)) {
            throw new StalledException(Reasons.SECRET_UNRESOLVED, "the password of role \"" + role + "\" is a secret"
                    + " reference that was not resolved; it cannot be set");
        }
        String password = sensitive.reveal();
        String written = password.isEmpty() ? "" : PasswordVerifier.scram(password);
        return Sql.secret("ALTER ROLE " + Quoting.identifier(role) + " PASSWORD "
                + (written.isEmpty() ? "NULL" : Quoting.literal(written)), password, written);
    }
}
