package dev.plumbline.bench.figure;

import dev.plumbline.bench.Figure;
import dev.plumbline.bench.Options;
import dev.plumbline.bench.Part;
import dev.plumbline.bench.Progress;
import dev.plumbline.bench.Results;
import dev.plumbline.bench.Scratch;
import dev.plumbline.bench.Targets;
import dev.plumbline.bench.agent.AgentConfig;
import dev.plumbline.bench.agent.Launcher;
import dev.plumbline.bench.agent.RunningAgent;
import dev.plumbline.bench.stack.ManifestRepo;
import dev.plumbline.bench.stack.RoleManifests;
import dev.plumbline.provider.postgres.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * 1,000 PostgreSQL roles with a grant each, applied by the agent to a PostgreSQL started as the provider's
 * tests start it (the test fixture: loopback, its own data directory), beside a raw JDBC loop on one open
 * connection issuing the two statements each role is made of ({@code CREATE ROLE ... CONNECTION LIMIT 10},
 * {@code GRANT CONNECT ON DATABASE postgres TO ...}) for roles of its own, each statement committed alone.
 */
public final class PostgresPart implements Part {

    private static final String RAW_PREFIX = "raw_r";

    private final Options options;
    private final Scratch scratch;
    private final Launcher launcher;

    public PostgresPart(Options options, Scratch scratch, Launcher launcher) {
        this.options = options;
        this.scratch = scratch;
        this.launcher = launcher;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public List<Figure.Spec> figures() {
        return List.of(Targets.POSTGRES);
    }

    @Override
    public void run(Results results) throws Exception {
        int count = options.roles();
        Progress.say("postgres: starting PostgreSQL and generating %d roles with grants", count);
        PostgresServer postgres = scratch.started(new PostgresServer());
        postgres.start();
        Path home = scratch.directory("postgres");
        try (ManifestRepo repo = ManifestRepo.create(home.resolve("infra.git"), AgentConfig.STACK_PATH, count,
                new RoleManifests());
             Connection connection = postgres.connect("postgres")) {
            Path config = AgentConfig.write(home.resolve("agent"), repo.url(), "{ name: target, type: postgres,"
                    + " url: \"" + postgres.jdbcUrl("postgres") + "\", user: " + postgres.user()
                    + ", passwordEnv: BENCH_PG_PASSWORD }");
            Map<String, String> environment = new HashMap<>(AgentConfig.ENVIRONMENT);
            environment.put("BENCH_PG_PASSWORD", postgres.password());
            RunningAgent agent = scratch.started(RunningAgent.start(launcher, config, home.resolve("agent.log"),
                    environment, AgentConfig.OPERATOR_TOKEN));
            StoreRounds.Store store = new StoreRounds.Store() {
                @Override
                public void resetRaw() throws SQLException {
                    dropRoles(connection, RAW_PREFIX);
                }

                @Override
                public void rawLoop() throws SQLException {
                    try (Statement statement = connection.createStatement()) {
                        for (int index = 0; index < count; index++) {
                            String role = "\"" + RoleManifests.role(RAW_PREFIX, index) + "\"";
                            statement.execute("CREATE ROLE " + role + " CONNECTION LIMIT "
                                    + RoleManifests.CONNECTION_LIMIT);
                            statement.execute("GRANT CONNECT ON DATABASE \"postgres\" TO " + role);
                        }
                    }
                }

                @Override
                public void resetStack() throws SQLException {
                    dropRoles(connection, RoleManifests.PREFIX);
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("DELETE FROM public.plumbline_provenance WHERE stack = '"
                                + AgentConfig.STACK + "'");
                    }
                }
            };
            results.put(StoreRounds.measure(Targets.POSTGRES, count, "roles with a grant each", agent, store,
                    options.rounds(1, 3)));
            scratch.stop(agent);
        } finally {
            scratch.stop(postgres);
        }
    }

    /** Drops every role whose name starts with {@code prefix}, with what was granted to it. */
    private static void dropRoles(Connection connection, String prefix) throws SQLException {
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
