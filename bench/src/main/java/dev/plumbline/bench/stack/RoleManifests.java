package dev.plumbline.bench.stack;

/**
 * A stack of PostgreSQL roles with a grant each, one file per role with two documents: {@code Role
 * bench_r000421} and a {@code Grant} of {@code CONNECT} on database {@code postgres} to it. The raw JDBC loop
 * issues the two statements these make, {@code CREATE ROLE} and {@code GRANT CONNECT}, for roles of its own.
 */
public final class RoleManifests implements StackManifests {

    /** The prefix of the roles the stack makes; the raw loop's are {@code raw_r...}. */
    public static final String PREFIX = "bench_r";

    /** Every role's connection limit: one attribute besides the defaults, so that CREATE ROLE has an option. */
    public static final int CONNECTION_LIMIT = 10;

    public static String role(String prefix, int index) {
        return prefix + "%06d".formatted(index);
    }

    @Override
    public String path(int index) {
        return StackManifests.directory(index) + "/" + role(PREFIX, index) + ".yaml";
    }

    @Override
    public String manifest(int index, int round) {
        String role = role(PREFIX, index);
        return """
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata:
                  name: %s
                spec:
                  connectionLimit: %d
                ---
                apiVersion: postgres.plumbline.dev/v1
                kind: Grant
                metadata:
                  name: %s-connect
                spec:
                  role: %s
                  privileges: [CONNECT]
                  on: { database: postgres }
                """.formatted(role, CONNECTION_LIMIT, role.replace('_', '-'), role);
    }
}
