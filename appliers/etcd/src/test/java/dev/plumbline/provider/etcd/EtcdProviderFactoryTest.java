package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.ProviderConfig;
import dev.plumbline.config.Settings;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.Providers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Making an etcd provider from its config entry: settings checked at their lines, nothing reached. */
class EtcdProviderFactoryTest {

    private static final String CONFIG = "plumbline.yaml";

    @Test
    void aGoodEntryMakesAProviderWithoutReachingEtcd() {
        List<Problem> problems = new ArrayList<>();

        Optional<Provider> provider = new EtcdProviderFactory().create(config(Map.of(
                "endpoints", List.of("http://127.0.0.1:9", "http://127.0.0.2:9"), "prefix", "/config/",
                "timeout", "2s")), problems);

        assertThat(problems).isEmpty();
        assertThat(provider).containsInstanceOf(EtcdProvider.class);
        try (Provider made = provider.orElseThrow()) {
            assertThat(made.name()).isEqualTo("kv");
            assertThat(made.serves("etcd.plumbline.dev", "Key")).isTrue();
            assertThat(made.serves("files.plumbline.dev", "Key")).isFalse();
            assertThat(made.served()).isEqualTo("etcd.plumbline.dev");
            assertThat(((EtcdProvider) made).prefix()).isEqualTo("/config/");
        }
    }

    @Test
    void reportsEveryProblemInTheSettingsAtItsLine() {
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("endpoints", List.of("http://127.0.0.1:2379", "ftp://10.0.0.1:2379", "127.0.0.1:2379"));
        values.put("prefix", "config");
        values.put("timeout", "soon");
        values.put("user", "root");

        Optional<Provider> provider = new EtcdProviderFactory().create(config(values), problems);

        assertThat(provider).isEmpty();
        assertThat(problems).extracting(Problem::toString).containsExactly(
                CONFIG + ":9:11: unknown key 'user' in provider 'kv' (known keys: name, type, endpoints,"
                        + " maxRequestBytes, maxTxnOps, prefix, timeout)",
                CONFIG + ":6:11: endpoint 'ftp://10.0.0.1:2379' of provider 'kv' is not an http:// or https:// URL"
                        + " with a host, like endpoints: [http://127.0.0.1:2379]",
                CONFIG + ":6:11: endpoint '127.0.0.1:2379' of provider 'kv' is not an http:// or https:// URL with"
                        + " a host, like endpoints: [http://127.0.0.1:2379]",
                CONFIG + ":7:11: prefix 'config' of provider 'kv' must start and end with '/', like /config/",
                CONFIG + ":8:11: timeout of provider 'kv': 'soon' is not a duration; write a number with a unit,"
                        + " like 30s, 5m, 1h30m or 500ms");
    }

    @Test
    void maxRequestBytesIsTheMembersLimitAsANumberOrWithAUnit() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("endpoints", List.of("http://127.0.0.1:9"));
        values.put("prefix", "/config/");
        List<Problem> problems = new ArrayList<>();
        List<Long> made = new ArrayList<>();

        for (Object size : List.of(10485760, "10MiB", "1536KiB")) {
            values.put("maxRequestBytes", size);
            new EtcdProviderFactory().create(config(values), problems).ifPresent(provider -> {
                made.add(((EtcdProvider) provider).maxRequestBytes());
                provider.close();
            });
        }
        values.remove("maxRequestBytes");
        try (Provider defaults = new EtcdProviderFactory().create(config(values), problems).orElseThrow()) {
            made.add(((EtcdProvider) defaults).maxRequestBytes());
        }
        List<Problem> wrong = new ArrayList<>();
        values.put("maxRequestBytes", "lots");
        new EtcdProviderFactory().create(config(values), wrong);
        values.put("maxRequestBytes", 100);
        new EtcdProviderFactory().create(config(values), wrong);

        assertThat(problems).isEmpty();
        assertThat(made).containsExactly(10485760L, 10485760L, 1572864L, 1572864L);
        assertThat(wrong).extracting(Problem::toString).containsExactly(
                CONFIG + ":8:11: maxRequestBytes of provider 'kv': 'lots' is not a size; write a number of bytes, or"
                        + " one with a unit, like 1572864, 1536KiB or 10MiB",
                CONFIG + ":8:11: maxRequestBytes of provider 'kv': '100' is less than 4096 bytes, too little for one"
                        + " key and its provenance record");
    }

    @Test
    void maxTxnOpsIsTheMembersLimitOnOperationsPerTransaction() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("endpoints", List.of("http://127.0.0.1:9"));
        values.put("prefix", "/config/");
        List<Problem> problems = new ArrayList<>();
        List<Integer> made = new ArrayList<>();

        for (Object ops : List.of(1024, "256")) {
            values.put("maxTxnOps", ops);
            new EtcdProviderFactory().create(config(values), problems).ifPresent(provider -> {
                made.add(((EtcdProvider) provider).maxTxnOps());
                provider.close();
            });
        }
        values.remove("maxTxnOps");
        try (Provider defaults = new EtcdProviderFactory().create(config(values), problems).orElseThrow()) {
            made.add(((EtcdProvider) defaults).maxTxnOps());
        }
        List<Problem> wrong = new ArrayList<>();
        values.put("maxTxnOps", "many");
        new EtcdProviderFactory().create(config(values), wrong);
        values.put("maxTxnOps", 1);
        new EtcdProviderFactory().create(config(values), wrong);

        assertThat(problems).isEmpty();
        assertThat(made).containsExactly(1024, 256, 128);
        assertThat(wrong).extracting(Problem::toString).containsExactly(
                CONFIG + ":8:11: maxTxnOps of provider 'kv': 'many' is not a number of operations; write the"
                        + " members' --max-txn-ops, like 128",
                CONFIG + ":8:11: maxTxnOps of provider 'kv': '1' is less than 2, too few for one key and its"
                        + " provenance record (two comparisons and two writes)");
    }

    @Test
    void endpointsAndPrefixAreRequiredAndEndpointsIsAList() {
        List<Problem> missing = new ArrayList<>();
        new EtcdProviderFactory().create(config(Map.of()), missing);
        List<Problem> single = new ArrayList<>();
        new EtcdProviderFactory().create(config(Map.of("endpoints", "http://127.0.0.1:2379", "prefix", "/c/")),
                single);

        assertThat(missing).extracting(Problem::toString).containsExactly(
                CONFIG + ":5:5: provider 'kv' needs 'endpoints', a list of at least one http:// or https:// URL of"
                        + " an etcd member, like endpoints: [http://127.0.0.1:2379]",
                CONFIG + ":5:5: provider 'kv' needs 'prefix'");
        assertThat(single).extracting(Problem::message).singleElement().asString().startsWith("provider 'kv' needs"
                + " 'endpoints', a list");
    }

    @Test
    void theFactoryIsFoundThroughTheServiceLoader() {
        try (Providers providers = Providers.create(List.of(config(Map.of(
                "endpoints", List.of("http://127.0.0.1:9"), "prefix", "/config/"))))) {
            assertThat(providers.require("kv").type()).isEqualTo("etcd");
        }
    }

    private static ProviderConfig config(Map<String, Object> values) {
        Map<String, Location> locations = new LinkedHashMap<>();
        int line = 6;
        for (String key : values.keySet()) {
            locations.put(key, Location.of(CONFIG, line++, 11));
        }
        Settings settings = new Settings("provider 'kv'", values, locations, Location.of(CONFIG, 5, 5), Path.of("."));
        return new ProviderConfig("kv", "etcd", settings, Location.of(CONFIG, 5, 5));
    }
}
