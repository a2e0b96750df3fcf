package dev.plumbline.plan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pull request's plan as one Markdown comment: a heading, then per stack its counts, each change with its
 * manifest position and the fields that differ, and the diff in a collapsed block; a stack with no changes in
 * one line; a stack that does not render or validate with its problems at {@code file:line}. Secrets are
 * masked as in every plan document. The comment stays under a size cap: diffs are cut first, then whole
 * changes, and a closing note says what was left out. Text from manifests and commits is escaped, so a
 * resource name or a message cannot break out of its code span or add markup.
 */
public final class PlanMarkdown {

    /** Below GitHub's 65,536 characters for a comment, Bitbucket's and GitLab's larger limits. */
    public static final int DEFAULT_MAX_CHARS = 60_000;
    /** A change's diff longer than this many lines is cut. */
    static final int MAX_DIFF_LINES = 120;
    /** What the closing note and the markup around a section may take, kept free while changes are added. */
    private static final int RESERVE = 600;

    /** One stack's part: its plan document (which may carry an error), or why it was not planned. */
    public record Section(String stack, Optional<PlanDocument> plan, Optional<String> skipped) {

        public Section {
            Objects.requireNonNull(stack, "stack");
            plan = plan == null ? Optional.empty() : plan;
            skipped = skipped == null ? Optional.empty() : skipped;
        }

        public static Section of(PlanDocument plan) {
            return new Section(plan.stack(), Optional.of(plan), Optional.empty());
        }

        public static Section skipped(String stack, String why) {
            return new Section(stack, Optional.empty(), Optional.of(why));
        }
    }

    private PlanMarkdown() {
    }

    /**
     * The comment: {@code marker} (an HTML comment that finds it again) on its first line, {@code heading}
     * (Markdown, already escaped by the caller), every section, and {@code footer} (Markdown) under them.
     */
    public static String render(String marker, String heading, List<Section> sections, String footer, int maxChars) {
        StringBuilder out = new StringBuilder();
        out.append(marker).append('\n').append(heading).append("\n\n");
        int budget = Math.max(maxChars - footer.length() - RESERVE, 0);
        int cut = 0;
        for (Section section : sections) {
            cut += section(section, out, budget);
        }
        if (cut > 0) {
            out.append("\n> ").append(cut).append(cut == 1 ? " change is" : " changes are").append(" not shown: this")
                    .append(" comment is kept under ").append(maxChars).append(" characters.\n");
        }
        if (!footer.isEmpty()) {
            out.append('\n').append(footer).append('\n');
        }
        return out.toString();
    }

    /** Appends a stack's part; returns how many of its changes did not fit. */
    private static int section(Section section, StringBuilder out, int budget) {
        String title = "#### Stack " + code(section.stack());
        if (section.skipped().isPresent()) {
            out.append(title).append("\n\nNot planned: ").append(text(section.skipped().get())).append("\n\n");
            return 0;
        }
        PlanDocument plan = section.plan().orElseThrow();
        if (plan.error().isPresent()) {
            PlanDocument.Failure failure = plan.error().get();
            out.append(title).append(": :x: cannot be planned (").append(text(failure.reason())).append(")\n\n");
            if (failure.problems().isEmpty()) {
                out.append(text(failure.message())).append("\n\n");
            }
            for (PlanDocument.Problem problem : failure.problems()) {
                out.append("- ").append(problem.source().isEmpty() ? "" : code(problem.source()) + ": ")
                        .append(text(problem.message())).append('\n');
            }
            out.append('\n');
            return 0;
        }
        List<PlanDocument.Change> changes = plan.changes().stream()
                .filter(change -> change.action() != Action.NOOP).toList();
        if (changes.isEmpty() && plan.problems().isEmpty()) {
            out.append(title).append(": no changes (").append(plan.summary().unchanged()).append(" unchanged)\n\n");
            return 0;
        }
        out.append(title).append(": ").append(plan.summary().text()).append("\n\n");
        for (PlanDocument.Problem problem : plan.problems()) {
            out.append("- :x: ").append(problem.source().isEmpty() ? "" : code(problem.source()) + ": ")
                    .append(text(problem.message())).append('\n');
        }
        int shown = 0;
        for (PlanDocument.Change change : changes) {
            StringBuilder block = new StringBuilder();
            change(change, block, true);
            if (out.length() + block.length() > budget) {
                block.setLength(0);
                change(change, block, false); // without its diff
                if (out.length() + block.length() > budget) {
                    break;
                }
            }
            out.append(block);
            shown++;
        }
        out.append('\n');
        return changes.size() - shown;
    }

    private static void change(PlanDocument.Change change, StringBuilder out, boolean withDiff) {
        out.append("- **").append(change.action().word()).append("** ").append(code(change.resource()));
        change.source().ifPresent(source -> out.append(" at ").append(code(source)));
        if (change.action() == Action.ORPHAN) {
            out.append(": no longer in Git; prune is off, so it stays");
        }
        if (change.action() == Action.UPDATE && change.liveRevision().isEmpty()) {
            out.append(" (adopted: it exists without an owner)");
        }
        if (!change.fields().isEmpty() && change.action() == Action.UPDATE) {
            out.append("<br>fields: ");
            for (int i = 0; i < change.fields().size(); i++) {
                PlanDocument.Field field = change.fields().get(i);
                out.append(i == 0 ? "" : ", ").append(code(field.path())).append(' ').append(field.change());
                if (field.sensitive()) {
                    out.append(" (sensitive)");
                }
            }
        }
        out.append('\n');
        if (!withDiff || change.diff().isEmpty()) {
            return;
        }
        List<String> lines = change.diff();
        int kept = Math.min(lines.size(), MAX_DIFF_LINES);
        String fence = fence(lines.subList(0, kept));
        out.append("  <details><summary>diff</summary>\n\n  ").append(fence).append("diff\n");
        for (String line : lines.subList(0, kept)) {
            out.append("  ").append(line).append('\n');
        }
        if (kept < lines.size()) {
            out.append("  ... ").append(lines.size() - kept).append(" more lines\n");
        }
        out.append("  ").append(fence).append("\n  </details>\n");
    }

    /** A code fence longer than any run of backticks in {@code lines}. */
    static String fence(List<String> lines) {
        int longest = 0;
        for (String line : lines) {
            int run = 0;
            for (int i = 0; i < line.length(); i++) {
                run = line.charAt(i) == '`' ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
        }
        return "`".repeat(Math.max(3, longest + 1));
    }

    /** {@code text} as inline code that nothing in it can end: backticks become quotes, line breaks spaces. */
    public static String code(String text) {
        return "`" + text.replace('`', '\'').replace('\n', ' ').replace('\r', ' ') + "`";
    }

    /** Plain text with the characters Markdown and HTML read as markup escaped; line breaks become spaces. */
    public static String text(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\n', '\r' -> out.append(' ');
                case '\\', '`', '*', '_', '[', ']', '#', '|', '~', '!', '@' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
