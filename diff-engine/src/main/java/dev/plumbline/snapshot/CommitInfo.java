package dev.plumbline.snapshot;

import java.time.Instant;
import java.util.Objects;

/**
 * What a person wants to know about one commit of a source: its full SHA, who wrote it and when, when it
 * was committed, and its message. Shown in status, history and notifications; the SHA is the revision
 * every applied object is stamped with.
 */
public record CommitInfo(String sha, String authorName, String authorEmail, Instant authorTime,
                         Instant commitTime, String message) {

    public CommitInfo {
        Shas.requireFull(sha, "sha");
        Objects.requireNonNull(authorName, "authorName");
        Objects.requireNonNull(authorEmail, "authorEmail");
        Objects.requireNonNull(authorTime, "authorTime");
        Objects.requireNonNull(commitTime, "commitTime");
        Objects.requireNonNull(message, "message");
    }

    /** The first 7 characters of the SHA, as people write it. */
    public String shortSha() {
        return sha.substring(0, 7);
    }

    /** The first line of the message, without its line ending. */
    public String subject() {
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
