package dev.plumbline.provider;

import java.util.Objects;

/**
 * How a live object is doing, as its provider judges it (Argo CD's health): {@code HEALTHY} (a Deployment
 * rolled out, a Job complete, a claim bound, any object of a kind without a notion of it once present),
 * {@code PROGRESSING} (on its way there), {@code DEGRADED} (it will not get there without help: a failed Job,
 * a rollout past its deadline, a container crashing), with a sentence for a person.
 */
public record Health(State state, String message) {

    public enum State {
        HEALTHY, PROGRESSING, DEGRADED;

        /** {@code Healthy}, {@code Progressing}, {@code Degraded}: as status and messages show it. */
        public String word() {
            return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Health {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
    }

    public static Health healthy(String message) {
        return new Health(State.HEALTHY, message);
    }

    public static Health progressing(String message) {
        return new Health(State.PROGRESSING, message);
    }

    public static Health degraded(String message) {
        return new Health(State.DEGRADED, message);
    }
}
