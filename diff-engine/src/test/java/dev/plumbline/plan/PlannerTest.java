package dev.plumbline.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Directives;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Provenance;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.SourceMap;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {

    static ResourceKey key(String name) {
        return new ResourceKey("local", "files.plumbline.dev", "File", "", name);
    }

    static Resource desired(String name, String content) {
        return new Resource(key(name), "files.plumbline.dev/v1", ordered("apiVersion", "files.plumbline.dev/v1",
                "kind", "File", "metadata", Map.of("name", name), "spec", ordered("path", name, "content", content)),
                SourceMap.of(Location.of("stacks/web/" + name + ".yaml", 1, 1)));
    }

    static LiveObject live(String name, String content, String stack) {
        return LiveObject.managed(key(name), Map.of("spec", ordered("path", name, "content", content)),
                new Provenance(stack, "abc1234", Instant.EPOCH), false);
    }

    /** A map that keeps the order its entries are given in, as rendered manifests do. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static InventoryEntry owned(String name) {
        return new InventoryEntry(key(name), "sha256:x", "abc1234", false);
    }

    private static Plan plan(List<Resource> desired, List<LiveObject> live, List<InventoryEntry> inventory,
                             boolean prune) {
        return Planner.plan(new Planner.Input("web", desired,
                live.stream().collect(java.util.stream.Collectors.toMap(LiveObject::key, l -> l)),
                inventory.stream().collect(java.util.stream.Collectors.toMap(InventoryEntry::key, e -> e)),
                prune, null));
    }

    @Test
    void pairsDesiredLiveAndInventoryByKey() {
        Plan plan = plan(
                List.of(desired("b-new", "1"), desired("a-changed", "2"), desired("c-same", "3")),
                List.of(live("a-changed", "old", "web"), live("c-same", "3", "web"), live("d-gone", "4", "web"),
                        live("z-not-ours", "5", "web")),
                List.of(owned("a-changed"), owned("c-same"), owned("d-gone"), owned("e-vanished")),
                true);

        assertThat(plan.changes()).extracting(c -> c.action() + " " + c.key().name()).containsExactly(
                "UPDATE a-changed", "CREATE b-new", "DELETE d-gone", "NOOP c-same");
        assertThat(plan.forget()).containsExactly(key("e-vanished"));
        assertThat(plan.changes().get(0).diff()).singleElement()
                .satisfies(c -> assertThat(c.path().toString()).isEqualTo("spec.content"));
        assertThat(plan.hasChanges()).isTrue();
        assertThat(plan.summary()).isEqualTo("1 to create, 1 to update, 1 to delete, 0 orphaned, 1 unchanged");
    }

    @Test
    void aLargeStackIsPlannedInApplyOrderWithEveryOutcomeInItsPlace() {
        List<Resource> desired = new java.util.ArrayList<>();
        List<LiveObject> live = new java.util.ArrayList<>();
        List<InventoryEntry> inventory = new java.util.ArrayList<>();
        for (int index = 0; index < 10_000; index++) {
            String name = String.format("r%05d", index);
            Resource resource = desired(name, "c" + index);
            desired.add(resource);
            if (index % 1000 == 7) {
                continue; // not live: created
            }
            live.add(index % 1000 == 3 ? live(name, "old", "web") // changed: updated
                    : index == 5000 ? live(name, "c" + index, "other") // another stack's: a problem
                    : live(name, "c" + index, "web"));
            inventory.add(index % 500 == 1 ? owned(name) // a stale hash: tracked
                    : new InventoryEntry(key(name), resource.hash(), "abc1234", false));
        }
        live.add(live("s-gone", "x", "web"));
        inventory.add(owned("s-gone"));
        inventory.add(owned("t-vanished"));
        java.util.Collections.reverse(desired);

        Plan plan = plan(desired, live, inventory, true);

        List<String> writes = new java.util.ArrayList<>();
        List<String> tracked = new java.util.ArrayList<>();
        for (int index = 0; index < 10_000; index++) {
            if (index % 1000 == 3) {
                writes.add(String.format("UPDATE r%05d", index));
            } else if (index % 1000 == 7) {
                writes.add(String.format("CREATE r%05d", index));
            } else if (index % 500 == 1) {
                tracked.add(String.format("r%05d", index));
            }
        }
        writes.add("DELETE s-gone");
        assertThat(plan.changes()).hasSize(10_000); // 10,000 desired, one of them another stack's, one to delete
        assertThat(plan.changes().subList(0, writes.size())).extracting(c -> c.action() + " " + c.key().name())
                .containsExactlyElementsOf(writes);
        assertThat(plan.changes().subList(writes.size(), plan.changes().size()))
                .allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.NOOP))
                .isSortedAccordingTo(java.util.Comparator.comparing(c -> c.key().name()));
        assertThat(plan.forget()).containsExactly(key("t-vanished"));
        assertThat(plan.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("r05000 is managed by stack 'other'"));
        assertThat(plan.track()).extracting(c -> c.key().name()).containsExactlyElementsOf(tracked);
    }

    @Test
    void anEqualObjectWhoseWriteWasNeverRecordedIsTracked() {
        Resource same = desired("same", "x");
        Resource recorded = desired("recorded", "y");
        Plan plan = plan(List.of(same, recorded, desired("lost", "z")),
                List.of(live("same", "x", "web"), live("recorded", "y", "web"), live("lost", "z", "web")),
                List.of(new InventoryEntry(key("same"), same.hash(), "abc1234", true),
                        new InventoryEntry(key("recorded"), recorded.hash(), "abc1234", false)), true);

        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.track()).extracting(c -> c.key().name()).containsExactlyInAnyOrder("same", "lost");
    }

    @Test
    void aHashTheCallerKnowsIsTheOneComparedWithTheInventory() {
        Resource known = desired("known", "x");
        Resource worked = desired("worked", "y");
        Map<ResourceKey, LiveObject> live = Map.of(key("known"), live("known", "x", "web"),
                key("worked"), live("worked", "y", "web"));
        Map<ResourceKey, InventoryEntry> inventory = Map.of(
                key("known"), new InventoryEntry(key("known"), "sha256:as-the-caller-worked-it-out", "abc1234", false),
                key("worked"), new InventoryEntry(key("worked"), worked.hash(), "abc1234", false));

        Plan plan = Planner.plan(new Planner.Input("web", List.of(known, worked), live, inventory, true, null,
                resource -> resource == known ? "sha256:as-the-caller-worked-it-out" : null));

        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.track()).as("both recorded as they are: one by the known hash, one worked out").isEmpty();
        assertThat(Planner.plan(new Planner.Input("web", List.of(known, worked), live, inventory, true, null))
                .track()).extracting(c -> c.key().name()).containsExactly("known");
    }

    @Test
    void aSecretFieldIsComparedByDigestAndPlansNeverShowIt() {
        Resource same = desired("same", "x").withDocument(ordered("spec", ordered("path", "same", "content",
                new dev.plumbline.model.Sensitive("s3cr3t-canary"))));
        Resource rotated = desired("rotated", "x").withDocument(ordered("spec", ordered("path", "rotated",
                "content", new dev.plumbline.model.Sensitive("new-canary"))));
        Plan plan = plan(List.of(same, rotated),
                List.of(live("same", "s3cr3t-canary", "web"), live("rotated", "old-canary", "web")),
                List.of(owned("same"), owned("rotated")), true);

        assertThat(plan.changes()).extracting(c -> c.action() + " " + c.key().name())
                .containsExactly("UPDATE rotated", "NOOP same");
        String text = PlanText.render("web", "abc", plan);
        String json = PlanDocument.of("web", "abc", plan).toString();
        assertThat(text + json).doesNotContain("canary").contains("(sensitive)");
        assertThat(text).contains("changed: spec.content");
    }

    @Test
    void withPruneOffRemovedResourcesAreOrphansNotDeletes() {
        Plan plan = plan(List.of(), List.of(live("old", "x", "web")), List.of(owned("old")), false);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.ORPHAN);
        assertThat(plan.hasChanges()).isFalse();
    }

    @Test
    void neverDeletesWhatIsNotInTheInventory() {
        Plan plan = plan(List.of(), List.of(live("someone-elses", "x", "web"), live("unmanaged", "y", "other")),
                List.of(), true);

        assertThat(plan.changes()).isEmpty();
    }

    @Test
    void anObjectManagedByAnotherStackIsAConflict() {
        Plan plan = plan(List.of(desired("shared", "1")), List.of(live("shared", "1", "api")), List.of(), true);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.problems()).extracting(Problem::toString).containsExactly(
                "stacks/web/shared.yaml:1:1: File shared is managed by stack 'api'; an object has one owner,"
                        + " so remove it from one of the two stacks");
    }

    @Test
    void anUnmanagedLiveObjectIsAdoptedByUpdating() {
        Plan plan = plan(List.of(desired("existing", "new")),
                List.of(LiveObject.unmanaged(key("existing"), Map.of("spec", Map.of("path", "existing",
                        "content", "old")))), List.of(), true);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.UPDATE);
    }

    @Test
    void anUnmanagedObjectEqualToGitIsStillAdopted() {
        Plan plan = plan(List.of(desired("same", "x")),
                List.of(LiveObject.unmanaged(key("same"), Map.of("spec", ordered("path", "same", "content", "x")))),
                List.of(), true);

        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.UPDATE);
            assertThat(change.diff()).isEmpty();
        });
        assertThat(PlanText.render("web", "abc", plan)).contains("adopt: it exists without an owner");
    }

    @Test
    void deletesRunInReverseApplyOrder() {
        Plan plan = plan(List.of(), List.of(live("a", "1", "web"), live("b", "2", "web")),
                List.of(owned("a"), owned("b")), true);

        assertThat(plan.changes()).extracting(c -> c.key().name()).containsExactly("b", "a");
    }

    @Test
    void anObjectAppliedWithPruneDisabledIsOrphanedNotDeletedEvenWithPruneOn() {
        Plan plan = plan(List.of(),
                List.of(live("kept", "1", "web"), live("pruned", "2", "web")),
                List.of(new InventoryEntry(key("kept"), "sha256:x", "abc1234", false, true), owned("pruned")),
                true);

        assertThat(plan.changes()).extracting(c -> c.action() + " " + c.key().name())
                .containsExactly("DELETE pruned", "ORPHAN kept");
    }

    @Test
    void turningTheDirectiveOnOrOffRecordsItWithoutWritingTheObject() {
        Resource plain = desired("a", "x");
        Resource keep = new Resource(plain.key(), plain.apiVersion(), plain.document(), plain.source(),
                new Directives(true));
        InventoryEntry recordedPlain = new InventoryEntry(key("a"), plain.hash(), "abc1234", false, false);
        InventoryEntry recordedKeep = new InventoryEntry(key("a"), plain.hash(), "abc1234", false, true);

        Plan on = plan(List.of(keep), List.of(live("a", "x", "web")), List.of(recordedPlain), true);
        Plan off = plan(List.of(plain), List.of(live("a", "x", "web")), List.of(recordedKeep), true);
        Plan same = plan(List.of(keep), List.of(live("a", "x", "web")), List.of(recordedKeep), true);

        assertThat(on.changes()).extracting(Change::action).containsExactly(Action.NOOP);
        assertThat(on.track()).extracting(Change::key).containsExactly(key("a"));
        assertThat(off.track()).extracting(Change::key).containsExactly(key("a"));
        assertThat(same.track()).isEmpty();
    }
}
