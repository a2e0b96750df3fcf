package dev.plumbline.it.badinput;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Breaks valid manifests at random, reproducibly: one {@link Random} from a seed picks each mutation and
 * where it strikes. A mutation deletes or inserts a character (YAML's indicators, a tab, a NUL, a
 * byte-order mark, a line separator...), duplicates, swaps, deletes or re-indents a line, truncates the
 * text, replaces a value with a mapping, a list, null, a tag or a reference, or one key with another.
 * Each says what it did, so that a failing round can be read and replayed from the seed.
 */
final class ManifestMutator {

    /** A mutated text and what was done to it. */
    record Mutation(String description, String text) {
    }

    private static final String[] CHARACTERS = {":", "{", "}", "[", "]", "\t", "\0", "\"", "'", "&", "*", "!",
        "#", "-", "|", ">", "%", "@", "`", ",", "?", "\n", " ", "\r", "\uFEFF", "\u2028", "\u0085", "é", "\uD83D\uDE80",
        "${", "$${", "}"};
    private static final String[] VALUES = {"{a: 1}", "[1, 2]", "null", "~", "\"\"", "42", "0644", "true",
        "*nowhere", "&anchor x", "!!binary aGk=", "!custom x", "${env}", "${nope}", "'unterminated", "|", ">-",
        "\"\\0\"", "\"a\\nb\"", "${secret:env:HOME}", "../escape", "/absolute", ".plumbline/x", "- item"};
    private static final String[] KEYS = {"apiVersion", "kind", "metadata", "name", "spec", "path", "content",
        "mode", "labels", "annotations", "namespace", "owner", "plumbline.dev/prune"};
    private static final Pattern KEY_VALUE = Pattern.compile("^(\\s*-?\\s*)([A-Za-z][\\w./-]*)(:\\s*)(.*)$");

    private final Random random;

    ManifestMutator(long seed) {
        this.random = new Random(seed);
    }

    /** Picks an index in {@code [0, bound)}. */
    int pick(int bound) {
        return random.nextInt(bound);
    }

    /** One random mutation of {@code text}. */
    Mutation mutate(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int line = random.nextInt(Math.max(1, lines.size() - 1));
        int at = text.isEmpty() ? 0 : random.nextInt(text.length());
        return switch (random.nextInt(10)) {
            case 0 -> new Mutation("delete the character at " + at, text.substring(0, at) + text.substring(
                    Math.min(text.length(), at + 1)));
            case 1, 2 -> {
                String inserted = CHARACTERS[random.nextInt(CHARACTERS.length)];
                yield new Mutation("insert " + visible(inserted) + " at " + at, text.substring(0, at) + inserted
                        + text.substring(at));
            }
            case 3 -> {
                lines.add(line, lines.get(line));
                yield new Mutation("duplicate line " + (line + 1), String.join("\n", lines));
            }
            case 4 -> {
                int other = random.nextInt(Math.max(1, lines.size() - 1));
                String swapped = lines.get(line);
                lines.set(line, lines.get(other));
                lines.set(other, swapped);
                yield new Mutation("swap lines " + (line + 1) + " and " + (other + 1), String.join("\n", lines));
            }
            case 5 -> {
                lines.remove(line);
                yield new Mutation("delete line " + (line + 1), String.join("\n", lines));
            }
            case 6 -> {
                String current = lines.get(line);
                boolean deeper = random.nextBoolean() || !current.startsWith(" ");
                lines.set(line, deeper ? " ".repeat(1 + random.nextInt(2)) + current : current.substring(1));
                yield new Mutation((deeper ? "indent" : "dedent") + " line " + (line + 1), String.join("\n", lines));
            }
            case 7 -> new Mutation("truncate at " + at, text.substring(0, at));
            case 8 -> replaceOnALine(lines, line, VALUES, 4, "value");
            default -> replaceOnALine(lines, line, KEYS, 2, "key");
        };
    }

    /** Replaces group {@code group} (the value, or the key) of the first {@code key: value} line from {@code start}. */
    private Mutation replaceOnALine(List<String> lines, int start, String[] choices, int group, String what) {
        for (int i = 0; i < lines.size(); i++) {
            int index = (start + i) % lines.size();
            Matcher matcher = KEY_VALUE.matcher(lines.get(index));
            if (matcher.matches()) {
                String chosen = choices[random.nextInt(choices.length)];
                lines.set(index, group == 4
                        ? matcher.group(1) + matcher.group(2) + matcher.group(3) + chosen
                        : matcher.group(1) + chosen + matcher.group(3) + matcher.group(4));
                return new Mutation("replace the " + what + " on line " + (index + 1) + " with " + visible(chosen),
                        String.join("\n", lines));
            }
        }
        return new Mutation("nothing to replace", String.join("\n", lines));
    }

    /** A character or string as a reader of a failure message can see it. */
    static String visible(String text) {
        StringBuilder shown = new StringBuilder("'");
        text.codePoints().forEach(c -> shown.append(c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0xfeff
                ? String.format("\\u%04X", c) : Character.toString(c)));
        return shown.append("'").toString();
    }
}
