package dev.plumbline.provider.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real, single-member etcd for tests: started from the installed {@code etcd} binary on free loopback
 * ports with its data in a temporary directory, and stopped (by its own process handle) with the directory
 * deleted afterwards (see {@link EtcdProcess}). Use it as a JUnit 5 extension, class-wide with
 * {@code @RegisterExtension static final EtcdServer ETCD = new EtcdServer();} (or per test as an instance
 * field), or on its own with try-with-resources after {@link #start()}. Helpers read and write keys
 * directly, for tests that change things behind a provider's back. {@link #withFlags} starts it with more
 * command line flags (a small {@code --max-request-bytes}, say), and {@link #pause()} and {@link #resume()}
 * freeze and thaw it, for a cluster that is there but does not answer. A missing binary fails the test: CI
 * installs etcd, and a skipped test would hide that it did not.
 */
public final class EtcdServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    /** What a test run without etcd says. */
    public static final String NOT_INSTALLED = "etcd is not installed; .ci/run installs it"
            + " (apt-get install etcd-server etcd-client)";

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Optional<Path> binary;
    private final List<String> flags;
    private EtcdProcess process;
    private Client client;
    private boolean startedForOneTest;

    /** A server run from the {@code etcd} found on the {@code PATH} (or in {@code /usr/bin}). */
    public EtcdServer() {
        this(installed(), List.of());
    }

    /** A server run from {@code binary}, for a particular etcd build. */
    public EtcdServer(Path binary) {
        this(Optional.of(binary).filter(Files::isExecutable), List.of());
    }

    private EtcdServer(Optional<Path> binary, List<String> flags) {
        this.binary = binary;
        this.flags = List.copyOf(flags);
    }

    /** A server run from the installed {@code etcd} with more flags, like {@code --max-request-bytes 16384}. */
    public static EtcdServer withFlags(String... flags) {
        return new EtcdServer(installed(), List.of(flags));
    }

    /** Starts etcd and waits until it answers its health check; fails if it does not within 30 seconds. */
    public synchronized EtcdServer start() {
        if (process == null) {
            process = EtcdProcess.start(binary.orElseThrow(() -> new IllegalStateException(NOT_INSTALLED)), flags);
        }
        return this;
    }

    /** The client URL, like {@code http://127.0.0.1:23790}. */
    public synchronized String endpoint() {
        return running().endpoint();
    }

    /** Whether the etcd process is running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Freezes etcd (SIGSTOP): it keeps its ports but answers nothing until {@link #resume()}. */
    public synchronized void pause() {
        running().pause();
    }

    /** Lets a paused etcd answer again (SIGCONT). */
    public synchronized void resume() {
        running().resume();
    }

    /** Kills etcd (SIGKILL) mid-whatever, as a crash would; {@link #close()} still removes its data. */
    public synchronized void kill() {
        running().kill();
    }

    /** The temporary directory holding the data and the log ({@code etcd.log}) while the server runs. */
    public synchronized Path directory() {
        return running().directory();
    }

    /** A client of this server, made on first use and closed with the server. */
    public synchronized Client client() {
        if (client == null) {
            client = Client.builder().endpoints(running().endpoint()).build();
        }
        return client;
    }

    public void put(String key, String value) {
        call(client().getKVClient().put(bytes(key), bytes(value)));
    }

    public Optional<String> get(String key) {
        List<KeyValue> found = call(client().getKVClient().get(bytes(key))).getKvs();
        return found.stream().findFirst().map(kv -> kv.getValue().toString(StandardCharsets.UTF_8));
    }

    /** Every key under {@code prefix} with its value, in key order. */
    public Map<String, String> getPrefix(String prefix) {
        GetOption option = GetOption.builder().isPrefix(true).build();
        Map<String, String> found = new LinkedHashMap<>();
        for (KeyValue kv : call(client().getKVClient().get(bytes(prefix), option)).getKvs()) {
            found.put(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().toString(StandardCharsets.UTF_8));
        }
        return found;
    }

    /** The mod revision of {@code key}, 0 when it does not exist. */
    public long modRevision(String key) {
        return call(client().getKVClient().get(bytes(key))).getKvs().stream().findFirst()
                .map(KeyValue::getModRevision).orElse(0L);
    }

    public void delete(String key) {
        call(client().getKVClient().delete(bytes(key)));
    }

    /** Stops etcd and deletes its data; harmless when it is not running. */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        if (process == null) {
            startedForOneTest = true;
            start();
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (startedForOneTest) {
            startedForOneTest = false;
            close();
        }
    }

    private EtcdProcess running() {
        if (process == null) {
            throw new IllegalStateException("etcd is not running; call start() or register the extension");
        }
        return process;
    }

    private static Optional<Path> installed() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin";
        return Stream.of(path.split(":")).filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry, "etcd")).filter(Files::isExecutable).findFirst();
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    private static <T> T call(CompletableFuture<T> future) {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the test etcd", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("calling the test etcd failed: " + e, e);
        }
    }
}
