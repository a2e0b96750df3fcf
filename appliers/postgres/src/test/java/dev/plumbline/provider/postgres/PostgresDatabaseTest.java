package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.diff.FieldChange;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.yaml.FieldPath;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Databases on a real server: create, update, drift, and prune with and without open sessions. */
class PostgresDatabaseTest {

    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

    private PostgresProvider provider;
    private StackDriver web;

    @BeforeEach
    void startProvider() throws Exception {
        SERVER.reset();
        SERVER.psql("CREATE ROLE app_owner; CREATE ROLE other_owner");
        provider = new PostgresProvider("db", SERVER.settings("postgres"));
        web = new StackDriver(provider, "web");
    }

    @AfterEach
    void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    private static Resource database(String spec) {
        return StackFixtures.one("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Database
                metadata: {name: appdb}
                spec: %s
                """.formatted(spec));
    }

    private static Map<String, Object> row() throws Exception {
        return SERVER.query("postgres", "SELECT pg_get_userbyid(datdba) AS owner, pg_encoding_to_char(encoding) AS"
                + " encoding, datconnlimit, datallowconn, shobj_description(oid, 'pg_database') AS comment"
                + " FROM pg_database WHERE datname = 'appdb'").stream().findFirst().orElse(Map.of());
    }

    @Test
    void createsUpdatesAndDrops() throws Exception {
        List<Resource> first = List.of(database("{owner: app_owner, encoding: utf8, connectionLimit: 10}"));

        web.reconcile("rev1", first, true);

        assertThat(row()).containsEntry("owner", "app_owner").containsEntry("encoding", "UTF8")
                .containsEntry("datconnlimit", 10).containsEntry("datallowconn", true);
        assertThat(ProvenanceComment.parse((String) row().get("comment"))).hasValueSatisfying(stamp -> {
            assertThat(stamp.stack()).isEqualTo("web");
            assertThat(stamp.created()).isTrue();
        });
        assertThat(web.plan(first, true).hasChanges()).isFalse();

        List<Resource> second = List.of(database("{owner: app_owner, connectionLimit: 20, allowConnections: false}"));
        Plan update = web.plan(second, true);
        assertThat(update.changes().get(0).diff()).extracting(FieldChange::path).containsExactly(
                FieldPath.of("spec", "connectionLimit"), FieldPath.of("spec", "allowConnections"));
        web.reconcile("rev2", second, true);
        assertThat(row()).containsEntry("datconnlimit", 20).containsEntry("datallowconn", false);

        StackDriver.Run prune = web.reconcile("rev3", List.of(), true);

        assertThat(prune.results().values()).extracting(ApplyResult::outcome).containsExactly(ApplyResult.Outcome.DELETED);
        assertThat(row()).isEmpty();
    }

    @Test
    void anOwnerChangedBehindTheBackIsPutBack() throws Exception {
        List<Resource> desired = List.of(database("{owner: app_owner}"));
        web.reconcile("rev1", desired, true);

        SERVER.psql("ALTER DATABASE appdb OWNER TO other_owner");
        Plan plan = web.plan(desired, true);

        assertThat(plan.changes().get(0).diff()).extracting(FieldChange::path)
                .containsExactly(FieldPath.of("spec", "owner"));
        web.reconcile("rev1", desired, true);
        assertThat(row()).containsEntry("owner", "app_owner");
    }

    @Test
    void aDatabaseWithOpenSessionsIsNotDroppedAndTheSessionsAreNamed() throws Exception {
        web.reconcile("rev1", List.of(database("{owner: app_owner}")), true);

        try (Connection session = SERVER.connect("appdb")) {
            assertThatThrownBy(() -> web.reconcile("rev2", List.of(), true))
                    .hasMessageStartingWith("DatabaseInUse: delete Database appdb failed: database \"appdb\" is not"
                            + " dropped: it has 1 open session (plumbline from 127.0.0.1")
                    .hasMessageContaining("set spec.dropWithConnections: true");
            assertThat(session.isValid(2)).isTrue();
        }
        assertThat(row()).isNotEmpty();
        assertThat(web.inventory()).hasSize(1);

        StackDriver.Run later = web.reconcile("rev2", List.of(), true);

        assertThat(later.results().values()).extracting(ApplyResult::outcome).containsExactly(ApplyResult.Outcome.DELETED);
        assertThat(row()).isEmpty();
    }

    @Test
    void withDropWithConnectionsPruneEndsTheSessionsAndDrops() throws Exception {
        web.reconcile("rev1", List.of(database("{owner: app_owner, dropWithConnections: true}")), true);
        assertThat((String) row().get("comment")).endsWith(" dropWithConnections=true");

        try (Connection session = SERVER.connect("appdb")) {
            StackDriver.Run prune = web.reconcile("rev2", List.of(), true);

            assertThat(prune.results().values()).extracting(ApplyResult::outcome)
                    .containsExactly(ApplyResult.Outcome.DELETED);
            assertThat(session.isValid(2)).isFalse();
        }
        assertThat(row()).isEmpty();
    }

    @Test
    void anAdoptedDatabaseGetsItsOwnCommentBackAndStays() throws Exception {
        SERVER.psql("CREATE DATABASE appdb OWNER app_owner");
        SERVER.psql("COMMENT ON DATABASE appdb IS 'billing, since 2019'");
        List<Resource> desired = List.of(database("{owner: app_owner}"));

        StackDriver.Run adopt = web.reconcile("rev1", desired, true);

        assertThat(adopt.plan().changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat((String) row().get("comment")).startsWith("billing, since 2019\nplumbline: stack=web revision=rev1")
                .endsWith("created=false");
        assertThat(web.plan(desired, true).hasChanges()).isFalse();

        StackDriver.Run prune = web.reconcile("rev2", List.of(), true);

        assertThat(prune.results().values()).singleElement().satisfies(result -> {
            assertThat(result.outcome()).isEqualTo(ApplyResult.Outcome.SKIPPED);
            assertThat(result.message()).contains("existed before stack 'web' adopted it, so it stays");
        });
        assertThat(row()).containsEntry("comment", "billing, since 2019");
    }

    @Test
    void anEncodingCannotChange() {
        web.reconcile("rev1", List.of(database("{encoding: UTF8}")), true);

        assertThatThrownBy(() -> web.reconcile("rev2", List.of(database("{encoding: LATIN1}")), true))
                .hasMessageContaining("cannot update database \"appdb\": its encoding is UTF8 and PostgreSQL cannot"
                        + " change it to LATIN1");
    }

    @Test
    void theComparisonLeavesOutAnEncodingTheManifestDoesNotName() throws Exception {
        web.reconcile("rev1", List.of(database("{encoding: UTF8}")), true);

        Optional<Change> change = web.plan(List.of(database("{}")), true).changes().stream().findFirst();

        assertThat(change).map(Change::action).hasValue(Action.NOOP);
    }
}
