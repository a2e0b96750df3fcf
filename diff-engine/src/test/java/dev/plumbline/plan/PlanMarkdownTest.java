package dev.plumbline.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanMarkdownTest {

    private static final String MARKER = "<!-- plumbline:plan source=infra -->";

    private static PlanDocument.Change update(String resource, String source, List<String> diff) {
        return new PlanDocument.Change(Action.UPDATE, resource, Optional.empty(), Optional.of(source),
                Optional.of("a".repeat(40)), List.of(
                        new PlanDocument.Field("spec.content", "changed", "old", "new", Optional.of(source), false),
                        new PlanDocument.Field("spec.password", "changed", "(sensitive)", "(sensitive)",
                                Optional.of(source), true)), diff);
    }

    private static PlanDocument plan(String stack, List<PlanDocument.Change> changes, long unchanged) {
        long updates = changes.stream().filter(c -> c.action() == Action.UPDATE).count();
        return new PlanDocument(stack, Optional.of("b".repeat(40)), !changes.isEmpty(),
                new PlanDocument.Summary(0, updates, 0, 0, unchanged), changes, List.of(), Optional.empty());
    }

    @Test
    void aStackWithChangesListsEachWithItsPlaceFieldsAndACollapsedDiff() {
        String comment = PlanMarkdown.render(MARKER, "### Plan", List.of(
                PlanMarkdown.Section.of(plan("web", List.of(update("File site-conf", "web/site.yaml:3:1",
                        List.of("--- live", "+++ desired", "-content: old", "+content: new"))), 4)),
                PlanMarkdown.Section.of(plan("db", List.of(), 7))), "footer", PlanMarkdown.DEFAULT_MAX_CHARS);

        assertThat(comment).startsWith(MARKER + "\n### Plan\n");
        assertThat(comment).contains("#### Stack `web`: 0 to create, 1 to update, 0 to delete, 0 orphaned, 4 unchanged");
        assertThat(comment).contains("- **update** `File site-conf` at `web/site.yaml:3:1`<br>fields:"
                + " `spec.content` changed, `spec.password` changed (sensitive)");
        assertThat(comment).contains("<details><summary>diff</summary>", "  ```diff\n  --- live\n", "  +content: new\n");
        assertThat(comment).contains("#### Stack `db`: no changes (7 unchanged)\n");
        assertThat(comment).endsWith("\nfooter\n");
    }

    @Test
    void aStackThatDoesNotRenderShowsEveryProblemAtItsPlace() {
        PlanDocument failed = new PlanDocument("web", Optional.of("b".repeat(40)), false, null, List.of(), List.of(),
                Optional.of(new PlanDocument.Failure("RenderFailed", "2 problems", List.of(
                        new PlanDocument.Problem("web/a.yaml:4:3", "mapping values are not allowed here"),
                        new PlanDocument.Problem("web/b.yaml:1:1", "kind <Thing> is unknown")))));

        String comment = PlanMarkdown.render(MARKER, "h", List.of(PlanMarkdown.Section.of(failed),
                PlanMarkdown.Section.skipped("api", "a pull request from a fork")), "", 10_000);

        assertThat(comment).contains("#### Stack `web`: :x: cannot be planned (RenderFailed)",
                "- `web/a.yaml:4:3`: mapping values are not allowed here",
                "- `web/b.yaml:1:1`: kind &lt;Thing&gt; is unknown",
                "#### Stack `api`\n\nNot planned: a pull request from a fork");
    }

    @Test
    void aLongPlanIsCutToTheCapWithANoteOfWhatWasLeftOut() {
        List<PlanDocument.Change> changes = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            changes.add(update("File f" + i, "web/f" + i + ".yaml:1:1", List.of("-a: " + i, "+a: " + (i + 1))));
        }
        String comment = PlanMarkdown.render(MARKER, "h", List.of(PlanMarkdown.Section.of(plan("web", changes, 0))),
                "", 20_000);

        assertThat(comment.length()).isLessThanOrEqualTo(20_000);
        assertThat(comment).contains("`File f0`").doesNotContain("`File f399`");
        assertThat(comment).containsPattern("> [0-9]+ changes are not shown: this comment is kept under 20000"
                + " characters.");
    }

    @Test
    void aDiffLongerThanTheLimitIsCut() {
        List<String> diff = new ArrayList<>();
        for (int i = 0; i < PlanMarkdown.MAX_DIFF_LINES + 30; i++) {
            diff.add("+line " + i);
        }
        String comment = PlanMarkdown.render(MARKER, "h", List.of(PlanMarkdown.Section.of(plan("web",
                List.of(update("File big", "web/big.yaml:1:1", diff)), 0))), "", PlanMarkdown.DEFAULT_MAX_CHARS);

        assertThat(comment).contains("+line 119").doesNotContain("+line 120").contains("... 30 more lines");
    }

    @Test
    void textFromTheRepositoryCannotEndItsCodeSpanOrFence() {
        String comment = PlanMarkdown.render(MARKER, "h", List.of(PlanMarkdown.Section.of(plan("web", List.of(
                update("File `x` @team", "web/x.yaml:1:1", List.of("+content: ```", "+````"))), 0))), "",
                PlanMarkdown.DEFAULT_MAX_CHARS);

        assertThat(comment).contains("`File 'x' @team`");
        assertThat(comment).contains("  `````diff\n");
        assertThat(PlanMarkdown.text("<img src=x> *bold* @everyone")).isEqualTo(
                "&lt;img src=x&gt; \\*bold\\* \\@everyone");
    }
}
