package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.provider.credential.CredentialRef;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The apply order is worked out from the desired set handed in, and from nothing else: not from an earlier
 * {@code validate}, nor from another stack's resources. No server: ordering never connects.
 */
class PostgresApplyOrderTest {

    private static final List<Resource> CHAIN = StackFixtures.yaml("""
            apiVersion: postgres.plumbline.dev/v1
            kind: Role
            metadata: {name: a-member}
            spec: {memberOf: [m-middle]}
            ---
            apiVersion: postgres.plumbline.dev/v1
            kind: Grant
            metadata: {name: g}
            spec: {role: a-member, privileges: [CONNECT], on: {database: d}}
            ---
            apiVersion: postgres.plumbline.dev/v1
            kind: Role
            metadata: {name: m-middle}
            spec: {memberOf: [z-top]}
            ---
            apiVersion: postgres.plumbline.dev/v1
            kind: Database
            metadata: {name: d}
            ---
            apiVersion: postgres.plumbline.dev/v1
            kind: Role
            metadata: {name: z-top}
            """);

    /** The same roles with the memberships the other way round. */
    private static final List<Resource> REVERSED = StackFixtures.yaml("""
            apiVersion: postgres.plumbline.dev/v1
            kind: Role
            metadata: {name: z-top}
            spec: {memberOf: [m-middle]}
            ---
            apiVersion: postgres.plumbline.dev/v1
            kind: Role
            metadata: {name: m-middle}
            spec: {memberOf: [a-member]}
            ---
            apiVersion: postgres.plumbline.dev/v1
            kind: Role
            metadata: {name: a-member}
            """);

    private static PostgresProvider fresh() {
        return new PostgresProvider("db", new ConnectionSettings("jdbc:postgresql://127.0.0.1:1/postgres",
                "plumbline", CredentialRef.none()));
    }

    @Test
    void aFreshProviderOrdersRolesBeforeTheirMembersWithoutBeingAskedToValidate() {
        try (PostgresProvider provider = fresh()) {
            assertThat(sorted(CHAIN, provider.order(CHAIN))).containsExactly("Role z-top", "Role m-middle",
                    "Role a-member", "Database d", "Grant g");
        }
    }

    @Test
    void validatingChangesNothingAboutTheOrder() {
        try (PostgresProvider provider = fresh()) {
            List<String> before = sorted(CHAIN, provider.order(CHAIN));

            assertThat(provider.validate(CHAIN)).isEmpty();
            assertThat(provider.validate(REVERSED)).isEmpty();

            assertThat(sorted(CHAIN, provider.order(CHAIN))).isEqualTo(before);
            assertThat(sorted(REVERSED, provider.order(REVERSED))).containsExactly("Role a-member",
                    "Role m-middle", "Role z-top");
        }
    }

    @Test
    void keysNotDesiredArePlacedByKindAndNameAndDeletesRunMembersFirst() {
        try (PostgresProvider provider = fresh()) {
            Comparator<ResourceKey> order = provider.order(CHAIN);
            List<ResourceKey> keys = List.of(key("Grant", "old-grant"), key("Role", "a-member"), key("Role", "b-gone"),
                    key("Role", "z-top"), key("Schema", "old-schema"), key("Role", "m-middle"));

            assertThat(keys.stream().sorted(order).map(ResourceKey::display)).containsExactly("Role b-gone",
                    "Role z-top", "Role m-middle", "Role a-member", "Schema old-schema", "Grant old-grant");
            assertThat(keys.stream().sorted(order.reversed()).map(ResourceKey::display)).containsExactly(
                    "Grant old-grant", "Schema old-schema", "Role a-member", "Role m-middle", "Role z-top",
                    "Role b-gone");
        }
    }

    @Test
    void aRoleThatDoesNotValidateIsOrderedByWhatCanBeRead() {
        List<Resource> broken = StackFixtures.yaml("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: {name: member}
                spec: {memberOf: [parent, Not-A-Name], login: maybe}
                ---
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: {name: parent}
                """);
        try (PostgresProvider provider = fresh()) {
            assertThat(sorted(broken, provider.order(broken))).containsExactly("Role parent", "Role member");
        }
    }

    private static List<String> sorted(List<Resource> resources, Comparator<ResourceKey> order) {
        return resources.stream().map(Resource::key).sorted(order).map(ResourceKey::display).toList();
    }

    private static ResourceKey key(String kind, String name) {
        return new ResourceKey(StackFixtures.PROVIDER, PostgresProvider.GROUP, kind, "", name);
    }
}
