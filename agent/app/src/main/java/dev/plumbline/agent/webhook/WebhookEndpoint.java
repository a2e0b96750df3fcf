package dev.plumbline.agent.webhook;

import dev.plumbline.problem.Reasons;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.agent.Agent;
import dev.plumbline.engine.state.WebhookDelivery;
import dev.plumbline.config.SourceConfig;
import dev.plumbline.config.StackConfig;
import dev.plumbline.problem.Problem;
import dev.plumbline.config.Preflight;
import dev.plumbline.source.webhook.GitHost;
import dev.plumbline.source.webhook.Ignored;
import dev.plumbline.source.webhook.MalformedWebhookException;
import dev.plumbline.source.webhook.Ping;
import dev.plumbline.source.webhook.PullRequest;
import dev.plumbline.source.webhook.Push;
import dev.plumbline.agent.pullrequest.PullRequestPlans;
import dev.plumbline.source.webhook.RefUpdate;
import dev.plumbline.source.webhook.Verification;
import dev.plumbline.source.webhook.WebhookEvent;
import dev.plumbline.source.webhook.WebhookRequest;
import dev.plumbline.source.webhook.Webhooks;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/{source}}: a Git host announcing a push or a pull request. Only sources with a webhook secret have
 * the endpoint. The body is read up to the size cap, the signature checked over the raw bytes, the event
 * parsed; a push for the ref the source follows is remembered by delivery id (a replay is dropped) and
 * fetches the source at once, coalesced with fetches already under way; a pull request aimed at that ref
 * is planned when the source says so ({@link PullRequestPlans}). Nothing is fetched for anything else. Every answer is counted by result.
 */
public final class WebhookEndpoint implements Handler {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoint.class);

    private final Agent agent;
    private final Map<String, byte[]> secrets;
    private final long maxBytes;
    private final BiConsumer<String, String> count;
    private final ObjectMapper json = new ObjectMapper();

    private WebhookEndpoint(Agent agent, Map<String, byte[]> secrets, long maxBytes, BiConsumer<String, String> count) {
        this.agent = agent;
        this.secrets = Map.copyOf(secrets);
        this.maxBytes = maxBytes;
        this.count = count;
    }

    /**
     * Reads every source's webhook secret now; throws with every missing variable or file at once.
     * {@code count} receives (source, result) for each delivery.
     */
    public static WebhookEndpoint of(Agent agent, Map<String, String> environment, BiConsumer<String, String> count) {
        List<Problem> problems = new ArrayList<>();
        Map<String, byte[]> secrets = new HashMap<>();
        for (SourceConfig source : agent.workspace().config().sources()) {
            source.webhookSecret().flatMap(ref -> ref.resolve(environment, Preflight.what(source), problems))
                    .ifPresent(secret -> secrets.put(source.name(), secret));
        }
        if (!problems.isEmpty()) {
            throw Preflight.refusal(problems);
        }
        return new WebhookEndpoint(agent, secrets, agent.workspace().config().admin().maxWebhookBytes(), count);
    }

    @Override
    public void handle(Context ctx) throws IOException {
        String source = ctx.pathParam("source");
        byte[] secret = secrets.get(source);
        if (secret == null) {
            answer(ctx, source, 404, "not_found", Map.of("error", Map.of("reason", Reasons.NOT_FOUND, "message",
                    "no webhook for source '" + source + "' (a source needs webhook.secretEnv or secretFile)")));
            return;
        }
        Optional<byte[]> body = read(ctx);
        if (body.isEmpty()) {
            answer(ctx, source, 413, "too_large", error(Reasons.TOO_LARGE, "the body is larger than " + maxBytes
                    + " bytes (admin.maxWebhookBytes)"));
            return;
        }
        WebhookRequest request = WebhookRequest.of(ctx.headerMap(), body.get());
        Optional<GitHost> host = Webhooks.detect(request);
        if (host.isEmpty()) {
            answer(ctx, source, 400, "malformed", error(Reasons.UNKNOWN_HOST, "not a webhook of GitHub, GitLab,"
                    + " Gitea/Forgejo or Bitbucket: none of their event headers is present"));
            return;
        }
        Verification verification = Webhooks.verify(host.get(), request, secret);
        if (!verification.valid()) {
            LOG.warn("source {}: webhook refused: {}", source, verification.message());
            answer(ctx, source, 401, "unauthorized", error(verification.reason(), verification.message()));
            return;
        }
        WebhookEvent event;
        try {
            event = Webhooks.parse(host.get(), request);
        } catch (MalformedWebhookException e) {
            answer(ctx, source, 400, "malformed", error(Reasons.MALFORMED_PAYLOAD, e.getMessage()));
            return;
        }
        if (event instanceof Ping) {
            answer(ctx, source, 200, "ping", Map.of("result", "pong"));
        } else if (event instanceof PullRequest pr) {
            pullRequest(ctx, source, pr);
        } else if (event instanceof Ignored ignored) {
            answer(ctx, source, 202, "ignored", Map.of("result", "ignored", "reason", "event '" + ignored.event()
                    + "' is not a push"));
        } else {
            push(ctx, source, (Push) event);
        }
    }

    private void push(Context ctx, String source, Push push) throws IOException {
        Optional<RefUpdate> followed = push.updates().stream().filter(u -> agent.follows(source, u.ref())).findFirst();
        String reason = followed.isEmpty() ? agent.whyNotFollowed(source, push.updates().get(0).ref())
                : followed.get().isDeleted() ? followed.get().ref() + " was deleted; the stacks keep what they applied"
                : null;
        String result = reason == null ? "accepted" : "ignored";
        RefUpdate update = followed.orElse(push.updates().get(0));
        boolean first = agent.workspace().store().deliveries().remember(new WebhookDelivery(source,
                push.deliveryId(), agent.clock().instant(), push.host().name().toLowerCase(java.util.Locale.ROOT),
                update.ref(), update.after(), result));
        if (!first) {
            answer(ctx, source, 200, "duplicate", Map.of("result", "duplicate", "deliveryId", push.deliveryId()));
            return;
        }
        if (reason != null) {
            answer(ctx, source, 202, "ignored", Map.of("result", "ignored", "reason", reason));
            return;
        }
        agent.fetchForPush(source, push.deliveryId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", "accepted");
        body.put("deliveryId", push.deliveryId());
        body.put("revision", update.after());
        body.put("stacks", agent.workspace().config().stacksOf(source).stream().map(StackConfig::name).toList());
        LOG.info("source {}: push of {} ({}, delivery {}): fetching", source, update.ref(), push.host(),
                push.deliveryId());
        answer(ctx, source, 202, "accepted", body);
    }

    /**
     * A pull request: planned when the source plans pull requests aimed at the branch it follows. A redelivery
     * is answered as a duplicate; the plan of a head already planned is not made again either way.
     */
    private void pullRequest(Context ctx, String source, PullRequest pr) throws IOException {
        PullRequestPlans.Answer answer = agent.pullRequest(source, pr);
        String result = answer.accepted() ? "accepted" : "ignored";
        boolean first = agent.workspace().store().deliveries().remember(new WebhookDelivery(source,
                pr.deliveryId(), agent.clock().instant(), pr.host().name().toLowerCase(java.util.Locale.ROOT),
                pr.targetRef(), pr.headSha(), result));
        if (!first) {
            answer(ctx, source, 200, "duplicate", Map.of("result", "duplicate", "deliveryId", pr.deliveryId()));
            return;
        }
        if (!answer.accepted()) {
            answer(ctx, source, 202, "ignored", Map.of("result", "ignored", "reason", answer.reason()));
            return;
        }
        LOG.info("source {}: pull request #{} at {} ({}, delivery {}): planning", source, pr.number(), pr.headSha(),
                pr.host(), pr.deliveryId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", "accepted");
        body.put("deliveryId", pr.deliveryId());
        body.put("pullRequest", pr.number());
        body.put("revision", pr.headSha());
        body.put("stacks", agent.workspace().config().stacksOf(source).stream().map(StackConfig::name).toList());
        answer(ctx, source, 202, "accepted", body);
    }

    /** The body, or empty when it is larger than the cap (read no further than one byte past it). */
    private Optional<byte[]> read(Context ctx) throws IOException {
        long declared = ctx.contentLength();
        if (declared > maxBytes) {
            return Optional.empty();
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            return body.length > maxBytes ? Optional.empty() : Optional.of(body);
        }
    }

    private void answer(Context ctx, String source, int status, String result, Map<String, ?> body) throws IOException {
        count.accept(source, result);
        ctx.status(status).contentType("application/json").result(json.writeValueAsString(body) + "\n");
    }

    private static Map<String, Object> error(String reason, String message) {
        return Map.of("error", Map.of("reason", reason, "message", message));
    }
}
