package dev.plumbline.provider.postgres;

import java.sql.Array;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads roles in bulk: one query over {@code pg_roles} with their memberships ({@code pg_auth_members})
 * and comments, whose cost grows with the number of roles asked for, and, only for roles whose manifest sets
 * a password, one query over {@code pg_authid} for the stored verifiers (readable by superusers only).
 */
final class RoleCatalog {

    /**
     * The roles named by the parameters (twice the same names), each with its comment and the roles it is a
     * member of, all joined by hash, so that the cost grows with the roles asked for: the memberships are
     * gathered for all of them at once (a subquery per role scanned {@code pg_auth_members} whole for each
     * while its statistics were stale, as they are right after a stack made its roles), and the comments are
     * joined rather than looked up one by one ({@code shobj_description}).
     */
    private static final String ROLES = "SELECT r.rolname, r.rolcanlogin, r.rolsuper, r.rolcreatedb,"
            + " r.rolcreaterole, r.rolinherit, r.rolreplication, r.rolbypassrls, r.rolconnlimit,"
            + " CASE WHEN r.rolvaliduntil = 'infinity' THEN NULL ELSE r.rolvaliduntil END AS valid_until,"
            + " coalesce(m.member_of, '{}') AS member_of, d.description AS comment"
            + " FROM pg_roles r LEFT JOIN pg_shdescription d ON d.objoid = r.oid"
            + " AND d.classoid = 'pg_authid'::regclass"
            + " LEFT JOIN (SELECT m.member, array_agg(g.rolname ORDER BY g.rolname) AS member_of"
            + " FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles w ON w.oid = m.member"
            + " WHERE w.rolname = ANY(?::name[]) GROUP BY m.member) m ON m.member = r.oid"
            + " WHERE r.rolname = ANY(?::name[])";

    private RoleCatalog() {
    }

    /** The roles among {@code names} that exist, by name, without passwords. */
    static Map<String, Observed<RoleSpec>> read(Session admin, Collection<String> names) throws SQLException {
        Map<String, Observed<RoleSpec>> found = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return found;
        }
        for (Observed<RoleSpec> role : admin.query(ROLES, rs -> {
            OffsetDateTime until = rs.getObject("valid_until", OffsetDateTime.class);
            RoleSpec spec = new RoleSpec(rs.getString("rolname"), rs.getBoolean("rolcanlogin"),
                    rs.getBoolean("rolsuper"), rs.getBoolean("rolcreatedb"), rs.getBoolean("rolcreaterole"),
                    rs.getBoolean("rolinherit"), rs.getBoolean("rolreplication"), rs.getBoolean("rolbypassrls"),
                    rs.getLong("rolconnlimit"),
                    Optional.ofNullable(until).map(time -> RoleSpec.instant(time.toInstant())),
                    strings(rs.getArray("member_of")), Optional.empty());
            return new Observed<>(spec, rs.getString("comment"));
        }, names, names)) {
            found.put(role.spec().name(), role);
        }
        return found;
    }

    /**
     * The stored password verifiers of the roles among {@code names} that exist ({@code ""} for a role
     * without a password).
     */
    static Map<String, String> verifiers(Session admin, Collection<String> names) throws SQLException {
        Map<String, String> verifiers = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return verifiers;
        }
        admin.query("SELECT rolname, coalesce(rolpassword, '') FROM pg_authid WHERE rolname = ANY(?::name[])",
                rs -> verifiers.put(rs.getString(1), rs.getString(2)), names);
        return verifiers;
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
}
