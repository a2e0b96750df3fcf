package dev.plumbline.agent.admin;

import dev.plumbline.model.ContentHash;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status page's sessions, in memory: a signed-in person is known by a random session id (256 bits) in an
 * {@code HttpOnly}, {@code SameSite=Strict} cookie, kept here only as its SHA-256, with the token's name and
 * role and a CSRF token for the forms. A session ends at {@code admin}'s {@link #LIFETIME} after sign-in, or
 * at sign-out; an agent restart ends them all. The token itself is never kept.
 */
final class PageSessions {

    /** How long a sign-in lasts. */
    static final Duration LIFETIME = Duration.ofHours(8);
    /** The most sessions kept; signing in beyond it ends the oldest. */
    static final int MAX_SESSIONS = 1000;

    /** A signed-in person: who, with which role, the CSRF token of their forms, and when it ends. */
    record Session(Caller caller, String csrf, Instant expires) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Map<String, Session> byHash = new ConcurrentHashMap<>();

    PageSessions(Clock clock) {
        this.clock = clock;
    }

    /** Starts a session for {@code caller}; returns the id to set as the cookie. */
    String start(Caller caller) {
        expire();
        if (byHash.size() >= MAX_SESSIONS) {
            byHash.entrySet().stream().min(java.util.Comparator.comparing(e -> e.getValue().expires()))
                    .ifPresent(oldest -> byHash.remove(oldest.getKey()));
        }
        String id = randomText();
        byHash.put(hash(id), new Session(caller, randomText(), clock.instant().plus(LIFETIME)));
        return id;
    }

    /** The live session a cookie value names. */
    Optional<Session> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        String key = hash(id);
        Session session = byHash.get(key);
        if (session == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(session.expires())) {
            byHash.remove(key);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Ends the session a cookie value names, if any. */
    void end(String id) {
        if (id != null && id.length() <= 100) {
            byHash.remove(hash(id));
        }
    }

    /** Whether {@code presented} is the session's CSRF token (compared in constant time). */
    static boolean csrfMatches(Session session, String presented) {
        return presented != null && java.security.MessageDigest.isEqual(
                session.csrf().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private void expire() {
        Instant now = clock.instant();
        byHash.values().removeIf(session -> !now.isBefore(session.expires()));
    }

    private String randomText() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String id) {
        return ContentHash.sha256(id.getBytes(StandardCharsets.UTF_8));
    }
}
