package dev.plumbline.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A manifest value with secret references in it, not resolved: {@code password=${secret:env:DB_PASS}}.
 * Holds the text (other variables already substituted; {@code $$} escapes already undone outside the
 * references) and is what desired state carries until a run resolves it.
 */
public record SecretTemplate(String text) implements SecretValue {

    /** {@code ${secret:env:NAME}} or {@code ${secret:file:PATH}}. */
    public static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:(env|file):([^}]+)}");

    /** One reference in the text: where the secret comes from. */
    public record Reference(String kind, String name) {
    }

    public SecretTemplate {
        Objects.requireNonNull(text, "text");
    }

    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        Matcher matcher = REFERENCE.matcher(text);
        while (matcher.find()) {
            references.add(new Reference(matcher.group(1), matcher.group(2)));
        }
        return references;
    }

    @Override
    public String toString() {
        return text;
    }
}
