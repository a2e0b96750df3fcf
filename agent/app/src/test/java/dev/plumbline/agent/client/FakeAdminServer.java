package dev.plumbline.agent.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for the agent's admin API in tests: the JDK's HTTP server on 127.0.0.1 at a free port, which
 * records every request (method, path, query, Authorization header, body) and answers what the test set
 * for {@code "METHOD /path"}: a canned status and JSON body, or one computed per request. Anything else
 * answers 404 with the API's error shape.
 */
final class FakeAdminServer implements AutoCloseable {

    /** A request as the fake saw it; {@code query} and {@code authorization} are null when absent. */
    record Request(String method, String path, String query, String authorization, String body) {
    }

    /** An answer: status and JSON body. */
    record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();

    FakeAdminServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL, like {@code http://127.0.0.1:54321}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code "GET /api/v1/stacks"} (method, space, path) with this status and JSON. */
    FakeAdminServer answer(String route, int status, String json) {
        return answer(route, request -> new Answer(status, json));
    }

    /** Answers the route with whatever the function computes for each request. */
    FakeAdminServer answer(String route, Function<Request, Answer> answer) {
        routes.put(route, answer);
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The one request the fake saw; fails when it saw none or several. */
    Request onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected one request, got " + requests);
        }
        return requests.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body);
            requests.add(request);
            Function<Request, Answer> route = routes.get(request.method() + " " + request.path());
            Answer answer = route != null ? route.apply(request)
                    : new Answer(404, ApiFixtures.error("NotFound", "no route " + request.path()));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
