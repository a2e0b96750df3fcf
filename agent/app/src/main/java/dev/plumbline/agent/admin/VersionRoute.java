package dev.plumbline.agent.admin;

import dev.plumbline.agent.cli.BuildInfo;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/version} (a viewer's token): what this agent is, {@code {"version", "revision"}}, the
 * version and the full commit it was built from ({@link BuildInfo}). {@code plumbline version --server} asks it.
 */
final class VersionRoute implements Handler {

    private final Json json;
    private final Map<String, Object> body;

    VersionRoute(Json json) {
        this(json, BuildInfo.current());
    }

    VersionRoute(Json json, BuildInfo build) {
        this.json = json;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("version", build.version());
        answer.put("revision", build.revision());
        this.body = Collections.unmodifiableMap(answer);
    }

    @Override
    public void handle(Context ctx) {
        json.write(ctx, 200, body);
    }
}
