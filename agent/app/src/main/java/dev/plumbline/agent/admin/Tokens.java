package dev.plumbline.agent.admin;

import dev.plumbline.config.AdminConfig;
import dev.plumbline.config.Preflight;
import dev.plumbline.model.ContentHash;
import dev.plumbline.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API tokens, kept as SHA-256 hashes only (a token read from the environment or a file is hashed at
 * start and the value dropped). A presented token is hashed and compared with every known hash in
 * constant time, so neither the comparison nor which token matched leaks through timing.
 */
final class Tokens {

    private record Known(String name, AdminConfig.Role role, byte[] sha256) {
    }

    private final List<Known> known;

    private Tokens(List<Known> known) {
        this.known = List.copyOf(known);
    }

    /**
     * Reads every token; throws with every missing variable or file at once, worded as the
     * {@link Preflight} that the agent runs before it starts words them.
     */
    static Tokens of(AdminConfig config, Map<String, String> environment) {
        List<Problem> problems = new ArrayList<>();
        List<Known> known = new ArrayList<>();
        for (AdminConfig.Token token : config.tokens()) {
            Optional<byte[]> hash = token.sha256().map(HexFormat.of()::parseHex)
                    .or(() -> token.secret().orElseThrow().resolve(environment, Preflight.what(token), problems)
                            .map(Tokens::sha256));
            hash.ifPresent(h -> known.add(new Known(token.name(), token.role(), h)));
        }
        if (!problems.isEmpty()) {
            throw Preflight.refusal(problems);
        }
        return new Tokens(known);
    }

    /** The caller a {@code Authorization: Bearer <token>} header names, if any. */
    Optional<Caller> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return token(authorization.substring(7));
    }

    /** The caller a token (as typed into the status page's sign-in form) names, if any. */
    Optional<Caller> token(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        byte[] presented = sha256(value.strip().getBytes(StandardCharsets.UTF_8));
        Known match = null;
        for (Known token : known) {
            if (MessageDigest.isEqual(token.sha256(), presented) && match == null) {
                match = token;
            }
        }
        return match == null ? Optional.empty() : Optional.of(new Caller(match.name(), match.role()));
    }

    boolean isEmpty() {
        return known.isEmpty();
    }

    private static byte[] sha256(byte[] value) {
        return HexFormat.of().parseHex(ContentHash.sha256(value));
    }
}
