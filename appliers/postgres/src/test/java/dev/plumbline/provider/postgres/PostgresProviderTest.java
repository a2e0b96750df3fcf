package dev.plumbline.provider.postgres;

import dev.plumbline.model.Provenance;
import dev.plumbline.model.Resource;
import dev.plumbline.model.Sensitive;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.ProviderCompatibilityKit;
import dev.plumbline.yaml.FieldPath;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The postgres provider against the provider compatibility kit, with {@code Role} as the sample kind, on a
 * real PostgreSQL server put back to its initial state before each test.
 */
class PostgresProviderTest extends ProviderCompatibilityKit {

    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

    @Override
    protected Provider createProvider() throws Exception {
        SERVER.reset();
        return new PostgresProvider("db", SERVER.settings("postgres"));
    }

    /** Version 1 leaves most attributes to their defaults, so normalising is part of every test. */
    @Override
    protected Resource sample(String name, int version) {
        return Manifests.one("db", """
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata:
                  name: %s
                spec:
                  login: true
                  connectionLimit: %d
                %s""".formatted(name, version * 5, version == 1 ? "" : "  createdb: true\n  inherit: true\n"));
    }

    @Override
    protected FieldPath drift(Resource applied) throws Exception {
        SERVER.psql("ALTER ROLE " + applied.name() + " CONNECTION LIMIT 99");
        return FieldPath.of("spec", "connectionLimit");
    }

    @Override
    protected boolean exists(Resource resource) throws Exception {
        return SERVER.value("postgres", "SELECT 1 FROM pg_roles WHERE rolname = ?", resource.name()).isPresent();
    }

    @Override
    protected Optional<Provenance> provenance(Resource resource) throws Exception {
        return SERVER.value("postgres", "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = ?",
                resource.name()).flatMap(comment -> ProvenanceComment.parse((String) comment)).map(Stamp::provenance);
    }

    @Override
    protected void createUnmanaged(Resource resource) throws Exception {
        SERVER.psql("CREATE ROLE " + resource.name() + " LOGIN CONNECTION LIMIT "
                + resource.spec().get("connectionLimit"));
    }

    @Override
    protected Resource sampleWithSecret(String name, Sensitive secret) {
        Resource plain = sample(name, 1);
        Map<String, Object> document = new LinkedHashMap<>(plain.document());
        Map<String, Object> spec = new LinkedHashMap<>(plain.spec());
        spec.put("password", secret);
        document.put("spec", spec);
        return plain.withDocument(document);
    }

    /** Logs in as the role with {@code value} over TCP, where the server asks for a SCRAM password. */
    @Override
    protected boolean holdsSecret(Resource resource, String value) {
        try (Connection ignored = DriverManager.getConnection(SERVER.jdbcUrl("postgres"), resource.name(), value)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    protected String bookkeeping() throws Exception {
        return Bookkeeping.of(SERVER);
    }
}
