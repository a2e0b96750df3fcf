package dev.plumbline.agent.client;

import java.util.Objects;

/**
 * One request to the admin API: its method and path (with query), the verb a person would use for it in
 * an error ("may not pause"), the stack it is about (null for none; a 404 then means no such stack), and
 * the JSON body of a {@code POST} (null for none).
 */
record AdminCall(String method, String path, String action, String stack, String body) {

    AdminCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(action, "action");
    }

    static AdminCall get(String path, String action, String stack) {
        return new AdminCall("GET", path, action, stack, null);
    }

    static AdminCall post(String path, String action, String stack, String body) {
        return new AdminCall("POST", path, action, stack, body);
    }
}
