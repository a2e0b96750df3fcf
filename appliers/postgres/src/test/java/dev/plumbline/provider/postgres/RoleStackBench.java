package dev.plumbline.provider.postgres;

import dev.plumbline.model.Resource;
import dev.plumbline.provider.StackDriver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: a bench helper, run by hand ({@code main}), that prints how fast the provider applies a stack of
 * roles with a grant each beside a raw JDBC loop issuing the statements those roles are made of, against one
 * PostgreSQL started as the tests start it, and how long a no-op observe of that stack takes beside the
 * catalog queries it needs. No assertions: the figures depend on the machine. Arguments: the number of roles
 * (1000), the rounds (3), and {@code durable} to run the server with {@code fsync} and
 * {@code synchronous_commit} on (the fixture turns them off).
 */
public final class RoleStackBench {

    private static final String PREFIX = "bench_r";
    private static final String RAW = "raw_r";

    private RoleStackBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean durable = args.length > 2 && args[2].equals("durable");
        boolean members = args.length > 3 && args[3].equals("members");
        try (PostgresServer server = new PostgresServer().start()) {
            if (durable) {
                restartDurable(server);
            }
            bench(server, count, rounds, members);
        }
    }

    private static void bench(PostgresServer server, int count, int rounds, boolean members) throws Exception {
        try (Connection raw = server.connect("postgres")) {
            try (Statement statement = raw.createStatement()) {
                // as the provider's sessions do: a generic plan would not hash the names the reads look up
                statement.execute("SET plan_cache_mode = force_custom_plan");
            }
            System.out.printf("server: fsync=%s synchronous_commit=%s; %d roles%s, %d rounds%n",
                    server.value("postgres", "SHOW fsync").orElse("?"),
                    server.value("postgres", "SHOW synchronous_commit").orElse("?"), count,
                    members ? " (members of bench_group)" : "", rounds);
            if (members) {
                server.psql("CREATE ROLE bench_group; CREATE ROLE raw_group");
            }
            List<Resource> stack = stack(count, members);
            List<double[]> figures = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                drop(raw, RAW);
                long start = System.nanoTime();
                rawLoop(raw, count, false, members);
                double rawSeconds = seconds(start);
                drop(raw, RAW);
                start = System.nanoTime();
                rawLoop(raw, count, true, members);
                double rawCommentSeconds = seconds(start);
                drop(raw, RAW);

                drop(raw, PREFIX);
                try (Statement statement = raw.createStatement()) {
                    statement.execute("DELETE FROM public.plumbline_provenance WHERE stack = 'bench'");
                } catch (SQLException e) {
                    // no ledger yet
                }
                try (PostgresProvider provider = new PostgresProvider("db", server.settings("postgres"))) {
                    StackDriver driver = new StackDriver(provider, "bench");
                    start = System.nanoTime();
                    StackDriver.Run run = driver.reconcile("rev" + round, stack, true);
                    double applySeconds = seconds(start);
                    if (run.results().size() != stack.size()) {
                        throw new IllegalStateException("applied " + run.results().size());
                    }
                    start = System.nanoTime();
                    int observed = driver.observe(stack).size();
                    double observeSeconds = seconds(start);
                    start = System.nanoTime();
                    boolean changes = driver.plan(stack, true).hasChanges();
                    double planSeconds = seconds(start);
                    if (changes || observed != stack.size()) {
                        throw new IllegalStateException("not a no-op: " + observed);
                    }
                    start = System.nanoTime();
                    rawObserve(raw, count);
                    double rawObserveSeconds = seconds(start);
                    System.out.printf(Locale.ROOT, "round %d%s: raw %.3f s (%.0f roles/s), raw+comment %.3f s,"
                                    + " plumbline apply %.3f s (%.0f roles/s, ratio %.2f / %.2f);"
                                    + " observe %.3f s, plan %.3f s, raw catalog reads %.3f s%n", round,
                            round == 0 ? " (warm-up)" : "", rawSeconds, count / rawSeconds, rawCommentSeconds,
                            applySeconds, count / applySeconds, rawSeconds / applySeconds,
                            rawCommentSeconds / applySeconds, observeSeconds, planSeconds, rawObserveSeconds);
                    if (round > 0) {
                        figures.add(new double[] {rawSeconds, rawCommentSeconds, applySeconds, observeSeconds,
                                rawObserveSeconds});
                    }
                }
            }
            double[] mean = new double[5];
            figures.forEach(f -> {
                for (int i = 0; i < 5; i++) {
                    mean[i] += f[i] / figures.size();
                }
            });
            System.out.printf(Locale.ROOT, "mean: raw %.0f roles/s, raw+comment %.0f roles/s, plumbline %.0f roles/s;"
                            + " ratio %.2f (raw), %.2f (raw+comment); observe %.3f s vs raw reads %.3f s%n",
                    count / mean[0], count / mean[1], count / mean[2], mean[0] / mean[2], mean[1] / mean[2],
                    mean[3], mean[4]);
        }
    }

    /**
     * Restarts {@code server} with PostgreSQL's defaults for durability ({@code fsync}, {@code synchronous_commit}
     * and {@code full_page_writes} on), which the test fixture turns off on its command line (where no
     * {@code ALTER SYSTEM} reaches): every commit then waits for its WAL to reach the disk.
     */
    private static void restartDurable(PostgresServer server) throws Exception {
        String data = (String) server.value("postgres", "SHOW data_directory").orElseThrow();
        String socket = (String) server.value("postgres", "SHOW unix_socket_directories").orElseThrow();
        String binaries = Path.of(((String) server.value("postgres", "SELECT setting FROM pg_config()"
                + " WHERE name = 'BINDIR'").orElseThrow())).toString();
        List<String> command = new ArrayList<>(List.of(binaries + "/pg_ctl", "-D", data, "-m", "fast", "-w",
                "-o", "-p " + server.port() + " -k " + socket + " -c listen_addresses=127.0.0.1 -c fsync=on"
                        + " -c synchronous_commit=on -c full_page_writes=on", "restart"));
        if (System.getProperty("user.name").equals("root")) {
            command.addAll(0, List.of("runuser", "-u", "postgres", "--"));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("pg_ctl restart failed: " + process.exitValue());
        }
    }

    private static List<Resource> stack(int count, boolean members) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String role = String.format(Locale.ROOT, "%s%05d", PREFIX, i);
            yaml.append("""
                    apiVersion: postgres.plumbline.dev/v1
                    kind: Role
                    metadata: {name: %s}
                    spec: {connectionLimit: 10%s}
                    ---
                    apiVersion: postgres.plumbline.dev/v1
                    kind: Grant
                    metadata: {name: %s-connect}
                    spec: {role: %s, privileges: [CONNECT], on: {database: postgres}}
                    ---
                    """.formatted(role, members ? ", memberOf: [bench_group]" : "", role, role));
        }
        return StackFixtures.yaml(yaml.toString());
    }

    private static void rawLoop(Connection connection, int count, boolean comment, boolean members)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (int i = 0; i < count; i++) {
                String role = "\"" + String.format(Locale.ROOT, "%s%05d", RAW, i) + "\"";
                statement.execute("CREATE ROLE " + role + " CONNECTION LIMIT 10");
                if (members) {
                    statement.execute("GRANT raw_group TO " + role);
                }
                statement.execute("GRANT CONNECT ON DATABASE \"postgres\" TO " + role);
                if (comment) {
                    statement.execute("COMMENT ON ROLE " + role + " IS 'plumbline: stack=raw revision=rev"
                            + " applied=2025-06-01T12:00:00Z created=true'");
                }
            }
        }
    }

    /**
     * The catalog reads a no-op plan of the stack needs, written by hand as fast as they go: its ledger rows,
     * its roles with their comments and memberships, what they hold on the database.
     */
    private static void rawObserve(Connection connection, int count) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(String.format(Locale.ROOT, "%s%05d", PREFIX, i));
        }
        Object[] array = names.toArray();
        int rows = 0;
        for (String sql : List.of(
                "SELECT kind, database_name, object, stack, resource, revision, applied_at, created, metadata"
                        + " FROM public.plumbline_provenance WHERE stack = 'bench' AND cardinality(?::text[]) > 0",
                "SELECT r.rolname, r.rolcanlogin, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolinherit,"
                        + " r.rolreplication, r.rolbypassrls, r.rolconnlimit, r.rolvaliduntil, d.description"
                        + " FROM pg_roles r LEFT JOIN pg_shdescription d ON d.objoid = r.oid"
                        + " AND d.classoid = 'pg_authid'::regclass WHERE r.rolname = ANY(?::name[])",
                "SELECT w.rolname, g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
                        + " JOIN pg_roles w ON w.oid = m.member WHERE w.rolname = ANY(?::name[])",
                "SELECT pg_get_userbyid(a.grantee), a.privilege_type FROM pg_database d,"
                        + " aclexplode(d.datacl || '{}'::aclitem[]) a WHERE d.datname = 'postgres'"
                        + " AND pg_get_userbyid(a.grantee) = ANY(?::name[])")) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, connection.createArrayOf("text", array));
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        rows++;
                    }
                }
            }
        }
        if (rows < count) {
            throw new IllegalStateException("raw reads found " + rows + " rows");
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void drop(Connection connection, String prefix) throws SQLException {
        List<String> roles = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT rolname FROM pg_roles WHERE starts_with(rolname, '"
                     + prefix + "')")) {
            while (rows.next()) {
                roles.add("\"" + rows.getString(1) + "\"");
            }
        }
        if (roles.isEmpty()) {
            return;
        }
        String list = String.join(", ", roles);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP OWNED BY " + list);
            statement.execute("DROP ROLE " + list);
        }
    }
}
