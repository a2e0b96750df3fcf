package dev.plumbline.source.webhook;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A value in a delivery's JSON body together with its path ({@code push.changes[0].new.name}), so that a
 * missing or mistyped field is reported as a sentence that names the delivery and the field. The JSON is
 * read strictly: one object, no duplicate keys, nothing after it.
 *
 * @param delivery what the body is, for messages: "GitHub push delivery"
 * @param path     where this value is in the body; empty for the whole body
 */
record JsonField(String delivery, String path, JsonNode node) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final int QUOTED_MAX = 80;
    private static final Pattern ABBREVIATED_SHA = Pattern.compile("[0-9a-fA-F]{7,64}");

    /** The body as a JSON object. */
    static JsonField parse(String delivery, byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedWebhookException("the " + delivery + " is not valid JSON: " + describe(e));
        } catch (IOException e) {
            throw new MalformedWebhookException("the " + delivery + " cannot be read as JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedWebhookException("the " + delivery + " has an empty body; it should be a JSON object");
        }
        if (!root.isObject()) {
            throw new MalformedWebhookException("the " + delivery + " is JSON but not an object; it is "
                    + kind(root));
        }
        return new JsonField(delivery, "", root);
    }

    /** The member {@code name} of this object (absent if there is none, or if this is not an object). */
    JsonField get(String name) {
        JsonNode child = node.isObject() ? node.path(name) : MissingNode.getInstance();
        return new JsonField(delivery, path.isEmpty() ? name : path + "." + name, child);
    }

    /** Whether the value is missing or JSON {@code null}. */
    boolean isAbsent() {
        return node.isMissingNode() || node.isNull();
    }

    /** A string that is not empty; anything else is malformed. */
    String text() {
        if (isAbsent()) {
            throw malformed("has no field '" + path + "'");
        }
        if (!node.isTextual() || node.textValue().isEmpty()) {
            throw malformed("has '" + path + "' as " + kind(node) + ", where a non-empty string belongs");
        }
        return node.textValue();
    }

    /** The string, if present and not empty; a value of another type is malformed. */
    Optional<String> optionalText() {
        if (isAbsent()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw malformed("has '" + path + "' as " + kind(node) + ", where a string belongs");
        }
        return Optional.of(node.textValue()).filter(text -> !text.isEmpty());
    }

    /** A full ref name, {@code refs/...}. */
    String ref() {
        String ref = text();
        if (!ref.startsWith("refs/") || ref.length() == "refs/".length()) {
            throw malformed("has '" + path + "' = " + quote(ref) + ", where a full ref such as refs/heads/main belongs");
        }
        return ref;
    }

    /** A commit SHA, lower-cased, or {@code null} for the all-zero SHA that stands for "no commit". */
    String commitId() {
        String sha = text();
        if (!RefUpdate.isSha(sha)) {
            throw malformed("has '" + path + "' = " + quote(sha) + ", where a commit SHA (40 or 64 hex digits) belongs");
        }
        return RefUpdate.isZero(sha) ? null : sha.toLowerCase(Locale.ROOT);
    }

    /** A commit SHA of 40 or 64 hex digits, not all zeros, lower-cased: the head of a pull request. */
    String headCommitId() {
        String sha = text();
        if (!RefUpdate.isSha(sha) || RefUpdate.isZero(sha)) {
            throw malformed("has '" + path + "' = " + quote(sha) + ", where a commit SHA (40 or 64 hex digits, not"
                    + " all zeros) belongs");
        }
        return sha.toLowerCase(Locale.ROOT);
    }

    /** A commit SHA as a host abbreviates it: 7 to 64 hex digits, not all zeros, lower-cased. */
    String abbreviatedCommitId() {
        String sha = text();
        if (!ABBREVIATED_SHA.matcher(sha).matches() || RefUpdate.isZero(sha)) {
            throw malformed("has '" + path + "' = " + quote(sha) + ", where a commit SHA (7 to 64 hex digits, not"
                    + " all zeros) belongs");
        }
        return sha.toLowerCase(Locale.ROOT);
    }

    /** A whole number above zero, such as a pull request's number or a project's id. */
    long positiveInteger() {
        if (isAbsent()) {
            throw malformed("has no field '" + path + "'");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() <= 0) {
            throw malformed("has '" + path + "' as " + kind(node) + ", where a whole number above zero belongs");
        }
        return node.longValue();
    }

    /** The elements of an array that is not empty. */
    List<JsonField> elements() {
        if (isAbsent()) {
            throw malformed("has no field '" + path + "'");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw malformed("has '" + path + "' as " + kind(node) + ", where a non-empty array belongs");
        }
        List<JsonField> elements = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            elements.add(new JsonField(delivery, path + "[" + i + "]", node.get(i)));
        }
        return elements;
    }

    /** The elements of an array, or none when the value is absent or not an array. */
    List<JsonField> elementsIfAny() {
        return node.isArray() && !node.isEmpty() ? elements() : List.of();
    }

    /** The strings present among {@code fields}, in order, without duplicates. */
    static List<String> texts(List<JsonField> fields) {
        Set<String> texts = new LinkedHashSet<>();
        fields.forEach(field -> field.optionalText().ifPresent(texts::add));
        return List.copyOf(texts);
    }

    /** An error about this value: "the GitHub push delivery " + {@code problem}. */
    MalformedWebhookException malformed(String problem) {
        return new MalformedWebhookException("the " + delivery + " " + problem);
    }

    static String quote(String text) {
        String shown = text.length() > QUOTED_MAX ? text.substring(0, QUOTED_MAX) + "..." : text;
        return "'" + shown + "'";
    }

    private static String kind(JsonNode node) {
        if (node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> node.isEmpty() ? "an empty array" : "an array";
            case STRING -> node.textValue().isEmpty() ? "an empty string" : "the string " + quote(node.textValue());
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> node.asText();
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String describe(JsonProcessingException e) {
        String problem = e.getOriginalMessage();
        int cut = problem.indexOf('\n');
        problem = cut < 0 ? problem : problem.substring(0, cut);
        int marker = problem.indexOf(" (start marker at");
        problem = marker < 0 ? problem : problem.substring(0, marker);
        JsonLocation at = e.getLocation();
        return at == null ? problem : problem + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
