package dev.plumbline.provider.postgres;

import dev.plumbline.model.Provenance;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The provenance line the provider keeps in an object's comment ({@code COMMENT ON ROLE ...}), one line
 * of {@code key=value} words after a fixed prefix:
 *
 * <pre>
 * plumbline: stack=web revision=3f2c9a1e applied=2025-06-01T12:00:00Z created=true
 * </pre>
 *
 * {@code created=false} marks an adopted object; a database may add {@code dropWithConnections=true}.
 * Values are percent-encoded where they hold anything but letters, digits and {@code . _ : + -}. The line
 * goes last in the comment; whatever the comment said before stays above it, and is all that is left when
 * prune releases an adopted object. Read it with {@code \dg+}, {@code \l+}, {@code \dn+}, {@code \dx+} or
 * {@code obj_description} / {@code shobj_description}.
 */
final class ProvenanceComment {

    static final String PREFIX = "plumbline:";

    /** What separates the words of the line (made once: an observe parses the comment of every object). */
    private static final Pattern SPACES = Pattern.compile(" +");

    private ProvenanceComment() {
    }

    static String line(Stamp stamp) {
        Provenance provenance = stamp.provenance();
        return PREFIX + " stack=" + encode(provenance.stack()) + " revision=" + encode(provenance.revision())
                + " applied=" + provenance.appliedAt() + " created=" + stamp.created()
                + (stamp.dropWithConnections() ? " dropWithConnections=true" : "");
    }

    /** The stamp in {@code comment}, when it holds a well-formed one. */
    static Optional<Stamp> parse(String comment) {
        if (comment == null) {
            return Optional.empty();
        }
        List<String> lines = comment.lines().filter(ProvenanceComment::isStamp).toList();
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> fields = new HashMap<>();
        for (String word : SPACES.split(lines.get(lines.size() - 1).substring(PREFIX.length()).trim())) {
            int equals = word.indexOf('=');
            if (equals > 0) {
                fields.put(word.substring(0, equals), decode(word.substring(equals + 1)));
            }
        }
        if (!fields.containsKey("stack") || !fields.containsKey("revision") || !fields.containsKey("applied")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Stamp(new Provenance(fields.get("stack"), fields.get("revision"),
                    Instant.parse(fields.get("applied"))), !"false".equals(fields.get("created")),
                    "true".equals(fields.get("dropWithConnections"))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code existing} (may be null) with its stamp replaced by {@code stamp}'s line. */
    static String merge(String existing, Stamp stamp) {
        return strip(existing).map(rest -> rest + "\n").orElse("") + line(stamp);
    }

    /** {@code existing} without any stamp line; empty when nothing else is left. */
    static Optional<String> strip(String existing) {
        if (existing == null) {
            return Optional.empty();
        }
        List<String> kept = new ArrayList<>(existing.lines().filter(line -> !isStamp(line)).toList());
        while (!kept.isEmpty() && kept.get(kept.size() - 1).isBlank()) {
            kept.remove(kept.size() - 1);
        }
        return kept.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", kept));
    }

    private static boolean isStamp(String line) {
        return line.startsWith(PREFIX);
    }

    private static String encode(String value) {
        StringBuilder text = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || ".-_:+".indexOf(c) >= 0) {
                text.append(c);
            } else {
                text.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return text.toString();
    }

    private static String decode(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && Character.digit(value.charAt(i + 1), 16) >= 0
                    && Character.digit(value.charAt(i + 2), 16) >= 0) {
                bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
