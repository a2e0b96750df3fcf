package dev.plumbline.bench.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A GitHub push delivery for a commit of the bench: GitHub's push payload (git-source's test fixture, as
 * GitHub sends it) with the commit's SHA as {@code after}, signed with the source's webhook secret as GitHub
 * signs it ({@code X-Hub-Signature-256}).
 */
public record GithubPush(byte[] body, Map<String, String> headers) {

    private static final String FIXTURE = "/dev/plumbline/source/webhook/github-push.json";
    /** The {@code after} of the fixture, replaced by the bench's commit. */
    private static final String FIXTURE_AFTER = "7dd52b69157ba70883ba3c139d6ffad9547a71f7";

    public static GithubPush of(String sha, String deliveryId, String secret) {
        String text = fixture();
        if (!text.contains(FIXTURE_AFTER)) {
            throw new IllegalStateException(FIXTURE + " no longer pushes " + FIXTURE_AFTER + "; update GithubPush");
        }
        byte[] body = text.replace(FIXTURE_AFTER, sha).getBytes(StandardCharsets.UTF_8);
        return new GithubPush(body, Map.of("Content-Type", "application/json", "X-GitHub-Event", "push",
                "X-GitHub-Delivery", deliveryId, "X-Hub-Signature-256", "sha256=" + hmac(secret, body)));
    }

    private static String fixture() {
        try (InputStream in = GithubPush.class.getResourceAsStream(FIXTURE)) {
            if (in == null) {
                throw new IllegalStateException(FIXTURE + " is not on the class path (git-source's test-jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
