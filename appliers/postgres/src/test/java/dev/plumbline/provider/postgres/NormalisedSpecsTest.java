package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import dev.plumbline.provider.credential.CredentialRef;
import org.junit.jupiter.api.Test;

/**
 * The provider reads a resource's spec once, when it normalises it: observe and apply find it again through
 * the very object {@code normalize} returned, and read any other object (even an equal one) themselves. No
 * server: nothing here connects. The spec kept is the one read before normalising, which is what reading the
 * normalised resource gives.
 */
class NormalisedSpecsTest {

    private static final Resource GRANT = StackFixtures.one("""
            apiVersion: postgres.plumbline.dev/v1
            kind: Grant
            metadata: {name: readers-connect}
            spec: {role: readers, privileges: [all], on: {database: app}}
            """);

    @Test
    void theObjectNormaliseReturnedFindsTheSpecItWasReadIntoAndOnlyThatObject() {
        NormalisedSpecs specs = new NormalisedSpecs();
        ObjectSpec read = Specs.valid(GRANT, "plumbline");
        Resource normalised = read.normalise(GRANT);
        specs.put(normalised, read);

        assertThat(specs.valid(normalised, "plumbline")).isSameAs(read);
        Resource equal = normalised.withDocument(normalised.document());
        assertThat(specs.valid(equal, "plumbline")).isNotSameAs(read).isEqualTo(read);
        assertThat(specs.readable(GRANT, "plumbline")).hasValue(read);
    }

    @Test
    void aNormalisedResourceReadsAsTheSpecItWasNormalisedFrom() {
        try (PostgresProvider provider = new PostgresProvider("db", new ConnectionSettings(
                "jdbc:postgresql://127.0.0.1:1/postgres", "plumbline", CredentialRef.given("pw")))) {
            Resource normalised = provider.normalize(GRANT);

            assertThat(((GrantSpec) Specs.valid(normalised, "plumbline")).privileges())
                    .containsExactly("CREATE", "CONNECT", "TEMPORARY");
            assertThat(Specs.valid(normalised, "plumbline")).isEqualTo(Specs.valid(GRANT, "plumbline"));
        }
    }
}
