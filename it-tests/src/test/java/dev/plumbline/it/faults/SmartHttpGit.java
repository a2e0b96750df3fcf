package dev.plumbline.it.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Git's smart HTTP protocol on 127.0.0.1, as a Git host serves it: the real {@code git http-backend} (the
 * CGI program Git ships) behind a small JDK HTTP server that asks for HTTP Basic credentials. The test
 * decides which password is accepted ({@link #acceptPassword}); any other answer, or none, gets
 * {@code 401 Unauthorized} with a {@code WWW-Authenticate} challenge, as a host answers a revoked token.
 * It serves the bare repositories under one directory ({@code http://127.0.0.1:<port>/<name>.git}).
 */
final class SmartHttpGit implements AutoCloseable {

    private static final String BACKEND = "/usr/lib/git-core/git-http-backend";

    private final Path projectRoot;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final AtomicReference<String> accepted = new AtomicReference<>();
    private final String user;

    private SmartHttpGit(Path projectRoot, String user) throws IOException {
        this.projectRoot = projectRoot;
        this.user = user;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
    }

    /** Serves the bare repositories under {@code projectRoot}, accepting {@code user}:{@code password}. */
    static SmartHttpGit start(Path projectRoot, String user, String password) {
        if (!Files.isExecutable(Path.of(BACKEND))) {
            throw new AssertionError(BACKEND + " is missing; it comes with git (.ci/run installs it)");
        }
        try {
            SmartHttpGit git = new SmartHttpGit(projectRoot, user);
            git.acceptPassword(password);
            git.server.start();
            return git;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an HTTP server on 127.0.0.1", e);
        }
    }

    /** From now on only this password is accepted (a revoked token: a new one). */
    void acceptPassword(String password) {
        accepted.set(password);
    }

    /** {@code http://<user>:<password>@127.0.0.1:<port>/<name>.git}. */
    String url(String name, String password) {
        return "http://" + user + ":" + password + "@127.0.0.1:" + server.getAddress().getPort() + "/" + name + ".git";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + accepted.get())
                    .getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                byte[] body = "Authentication required\n".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"plumbline-test\"");
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            cgi(exchange);
        }
    }

    /** Runs {@code git http-backend} for one request, as a web server runs a CGI program. */
    private void cgi(HttpExchange exchange) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(BACKEND).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.put("GIT_PROJECT_ROOT", projectRoot.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", exchange.getRequestURI().getRawPath());
        env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? ""
                : exchange.getRequestURI().getRawQuery());
        env.put("REMOTE_USER", user);
        env.put("REMOTE_ADDR", "127.0.0.1");
        header(exchange, "Content-Type", "CONTENT_TYPE", env);
        header(exchange, "Content-Encoding", "HTTP_CONTENT_ENCODING", env);
        header(exchange, "Git-Protocol", "HTTP_GIT_PROTOCOL", env);
        Process process = builder.start();
        Future<?> input = threads.submit(() -> {
            try (InputStream in = exchange.getRequestBody(); OutputStream out = process.getOutputStream()) {
                in.transferTo(out);
            }
            return null;
        });
        byte[] output = process.getInputStream().readAllBytes();
        try {
            input.get(30, TimeUnit.SECONDS);
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("git http-backend failed: " + e, e);
        }
        respond(exchange, output);
    }

    /** Turns the CGI output (headers, a blank line, the body) into the HTTP response. */
    private static void respond(HttpExchange exchange, byte[] output) throws IOException {
        int end = indexOf(output, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int skip = 4;
        if (end < 0) {
            end = indexOf(output, "\n\n".getBytes(StandardCharsets.US_ASCII));
            skip = 2;
        }
        if (end < 0) {
            exchange.sendResponseHeaders(500, -1);
            return;
        }
        int status = 200;
        for (String line : new String(output, 0, end, StandardCharsets.ISO_8859_1).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ")[0]);
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(output, end + skip, output.length - end - skip);
        exchange.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
        if (body.size() > 0) {
            exchange.getResponseBody().write(body.toByteArray());
        }
    }

    private static void header(HttpExchange exchange, String name, String variable, Map<String, String> env) {
        String value = exchange.getRequestHeaders().getFirst(name);
        if (value != null) {
            env.put(variable, value);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
