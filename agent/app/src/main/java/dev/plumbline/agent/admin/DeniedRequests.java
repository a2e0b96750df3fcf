package dev.plumbline.agent.admin;

import dev.plumbline.agent.telemetry.AgentMetrics;
import dev.plumbline.agent.telemetry.LogText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests the admin API refused for their credentials (no valid token, the token's role, or too many
 * failures from the address). Each is counted in {@code plumbline_admin_requests_denied_total{reason}}; none is
 * written to the state store, so that anyone who can reach the port cannot grow it. What is kept is a bounded
 * sample in memory, the last {@link #KEPT} refusals, each with its path clipped to {@link #PATH_CHARS} characters
 * and escaped, for {@code GET /api/v1/audit/denied}; and at most one log line a {@link #LOG_EVERY}, summing up
 * the refusals since the one before.
 */
final class DeniedRequests {

    private static final Logger LOG = LoggerFactory.getLogger(DeniedRequests.class);

    /** How many refusals the sample keeps. */
    static final int KEPT = 100;
    /** How much of a refused request's path is kept. */
    static final int PATH_CHARS = 200;
    /** How often, at most, refusals are summed up in the log. */
    static final Duration LOG_EVERY = Duration.ofMinutes(1);

    /** The reasons, as the metric's label spells them. */
    static final String UNAUTHENTICATED = "unauthenticated";
    static final String FORBIDDEN = "forbidden";
    static final String RATE_LIMITED = "rate_limited";

    /** One refused request: when, from which address, what, why, and the status it got. */
    record Denied(Instant at, String address, String method, String path, String reason, int status) {
    }

    private final AgentMetrics metrics;
    private final Clock clock;
    private final Deque<Denied> kept = new ArrayDeque<>(KEPT);
    private final Map<String, Integer> sinceLogged = new TreeMap<>();
    private Instant logged = Instant.MIN;

    DeniedRequests(AgentMetrics metrics, Clock clock) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A request was refused with {@code status} for {@code reason} (one of the reasons above). */
    void denied(String address, String method, String path, String reason, int status) {
        metrics.adminRequestDenied(reason);
        Instant now = clock.instant();
        Denied denied = new Denied(now, LogText.escape(LogText.clip(address, 64)), LogText.escape(LogText.clip(
                method, 16)), LogText.escape(LogText.clip(path, PATH_CHARS)), reason, status);
        String summary = null;
        synchronized (kept) {
            if (kept.size() == KEPT) {
                kept.removeFirst();
            }
            kept.addLast(denied);
            sinceLogged.merge(reason, 1, Integer::sum);
            if (!now.isBefore(logged.plus(LOG_EVERY))) {
                summary = sinceLogged.toString();
                sinceLogged.clear();
                logged = now;
            }
        }
        if (summary != null) {
            LOG.warn("admin API refused requests for their credentials {} since the last such line; the latest: {} {}"
                    + " from {}; see GET /api/v1/audit/denied and plumbline_admin_requests_denied_total", summary,
                    denied.method(), denied.path(), denied.address());
        }
    }

    /** The newest refusals first, at most {@code limit}. */
    List<Denied> recent(int limit) {
        List<Denied> newest = new ArrayList<>(Math.min(limit, KEPT));
        synchronized (kept) {
            var each = kept.descendingIterator();
            while (each.hasNext() && newest.size() < limit) {
                newest.add(each.next());
            }
        }
        return newest;
    }
}
