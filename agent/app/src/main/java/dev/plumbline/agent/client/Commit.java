package dev.plumbline.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A revision a stack worked on, as the admin API reports {@code lastAttempted} and {@code lastApplied}:
 * the commit's SHA, when the run was, and the commit's author, subject and time.
 */
public record Commit(String revision, String at, String author, String message, String committedAt) {

    private static final int SHORT = 7;

    /** The commit in a stack object's field; empty when the field is null or missing (no run yet). */
    public static Optional<Commit> of(JsonNode stack, String field) {
        JsonNode commit = stack.path(field);
        if (!commit.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Commit(JsonText.of(commit, "revision"), JsonText.of(commit, "at"),
                JsonText.of(commit, "author"), JsonText.of(commit, "message"),
                JsonText.of(commit, "committedAt")));
    }

    /** The first seven characters of a SHA, as git prints them; "" for null. */
    public static String shortSha(String sha) {
        if (sha == null) {
            return "";
        }
        return sha.length() > SHORT ? sha.substring(0, SHORT) : sha;
    }

    public String shortSha() {
        return shortSha(revision);
    }

    /** {@code 3f2a1b2 "Move to 8080" by Ada <ada@example.org>}: what a person recognises a commit by. */
    public String describe() {
        StringBuilder text = new StringBuilder(shortSha());
        String subject = message.lines().findFirst().orElse("");
        if (!subject.isEmpty()) {
            text.append(" \"").append(subject).append('"');
        }
        if (!author.isEmpty()) {
            text.append(" by ").append(author);
        }
        return text.toString();
    }
}
