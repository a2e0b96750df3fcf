package dev.plumbline.config;

import dev.plumbline.problem.Location;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One notification target ({@code notifications[]}): where messages go ({@code url}, or a secret reference
 * to it, since a Slack webhook URL is a credential), in which format, on which events, for which stacks
 * (empty: every stack).
 */
public record NotificationConfig(String name, Type type, Optional<String> url, Optional<SecretRef> urlSecret,
                                 Set<Event> on, List<String> stacks, Location location) {

    /** The JSON a message is posted as. */
    public enum Type {
        /** Slack's incoming-webhook JSON, which Mattermost and Rocket.Chat accept too. */
        SLACK,
        /** Plumbline's own JSON document (docs/notifications.md). */
        WEBHOOK;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a message is sent on. */
    public enum Event {
        /** A run failed (and will be retried). */
        FAILED,
        /** A stack went stalled: it waits for a new commit or config. */
        STALLED,
        /** Drift was found and left in place (selfHeal off). */
        DRIFTED,
        /** A revision was applied. */
        APPLIED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Event> of(String word) {
            for (Event event : values()) {
                if (event.word().equals(word)) {
                    return Optional.of(event);
                }
            }
            return Optional.empty();
        }
    }

    /** What a target without {@code on} is sent: what needs a person. */
    public static final Set<Event> DEFAULT_EVENTS = Set.of(Event.FAILED, Event.STALLED);

    public NotificationConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        url = url == null ? Optional.empty() : url;
        urlSecret = urlSecret == null ? Optional.empty() : urlSecret;
        on = Set.copyOf(on);
        stacks = List.copyOf(stacks);
        Objects.requireNonNull(location, "location");
    }

    /** Whether messages about {@code stack} go here. */
    public boolean covers(String stack) {
        return stacks.isEmpty() || stacks.contains(stack);
    }
}
