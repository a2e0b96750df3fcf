package dev.plumbline.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.plumbline.diff.Differ;
import dev.plumbline.diff.FieldChange;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Provenance;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.Sensitive;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.plan.PlanDocument;
import dev.plumbline.plan.PlanText;
import dev.plumbline.provider.OwnershipScan.Owned;
import dev.plumbline.yaml.FieldPath;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Provider} keeps, as tests: a provider's test extends this class and supplies
 * the provider, sample resources, and direct access to the target (to check existence and provenance and
 * to change things behind the provider's back). The tests drive the provider as the agent does, through
 * {@link StackDriver}: validate, normalise, observe, {@code Planner.plan}, apply and delete, with an
 * in-memory inventory. Shipped in the appliers test-jar for providers in other modules.
 */
public abstract class ProviderCompatibilityKit {

    protected static final Instant FIRST = Instant.parse("2025-06-01T12:00:00Z");
    protected static final Instant SECOND = Instant.parse("2025-06-02T08:30:00Z");

    /** The provider under test, made fresh for each test by {@link #createProvider()}. */
    protected Provider provider;

    /** A provider over a clean, empty target. Fields the subclass sets up (a {@code @TempDir}) are ready. */
    protected abstract Provider createProvider() throws Exception;

    /**
     * A desired resource of a sample kind named {@code name}; versions differ in some field, and distinct
     * names never collide on the target.
     */
    protected abstract Resource sample(String name, int version);

    /** Changes the live object of an applied resource behind the provider's back; returns the field changed. */
    protected abstract FieldPath drift(Resource applied) throws Exception;

    /** Whether the object exists on the target, asked of the target directly. */
    protected abstract boolean exists(Resource resource) throws Exception;

    /** The provenance stamped on the object, read from the target directly (not through the provider). */
    protected abstract Optional<Provenance> provenance(Resource resource) throws Exception;

    /** Puts the object in place on the target as if it existed before Plumbline, without provenance. */
    protected abstract void createUnmanaged(Resource resource) throws Exception;

    /**
     * A sample resource whose secret-capable field (a password, a file's content, a value) holds
     * {@code secret}, resolved, as the agent hands it to providers.
     */
    protected abstract Resource sampleWithSecret(String name, Sensitive secret);

    /** Whether the target holds {@code value} where the secret of {@code resource} belongs, asked directly. */
    protected abstract boolean holdsSecret(Resource resource, String value) throws Exception;

    /**
     * Everything the provider keeps about what it applied beside the data itself (provenance stamps,
     * ownership records, comments), as text, so that the kit can check that no secret is kept there.
     */
    protected abstract String bookkeeping() throws Exception;

    @BeforeEach
    void startProvider() throws Exception {
        provider = createProvider();
    }

    @AfterEach
    void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    protected StackDriver stack(String name) {
        return new StackDriver(provider, name).at(FIRST);
    }

    /** The provider as an {@link OwnershipScan}, which every provider is. */
    protected OwnershipScan scan() {
        assertThat(provider).as("lists what each stack owns (OwnershipScan)").isInstanceOf(OwnershipScan.class);
        return (OwnershipScan) provider;
    }

    private static List<ResourceKey> keys(List<Resource> resources) {
        return resources.stream().map(Resource::key).sorted().toList();
    }

    @Test
    void servesTheGroupOfEveryManifestTheKitApplies() {
        List<Resource> applied = List.of(sample("alpha", 1), sample("alpha", 2), sample("beta", 1),
                sampleWithSecret("secretive", new Sensitive("s3cr3t")));

        for (Resource resource : applied) {
            assertThat(provider.serves(resource.key().group(), resource.kind()))
                    .as("serves %s (apiVersion %s)", resource.key().display(), resource.apiVersion()).isTrue();
        }
        assertThat(provider.served()).as("what it serves, for a person").isNotBlank();
    }

    @Test
    void theApplyOrderIsAFunctionOfTheDesiredSetAlone() {
        List<Resource> desired = List.of(sample("beta", 1), sample("alpha", 1), sample("gamma", 2));
        List<ResourceKey> keys = desired.stream().map(Resource::key).toList();
        List<ResourceKey> before = keys.stream().sorted(provider.order(desired)).toList();

        assertThat(provider.validate(desired)).isEmpty();
        provider.validate(List.of(sample("delta", 1)));

        assertThat(keys.stream().sorted(provider.order(desired)).toList()).isEqualTo(before);
    }

    @Test
    void createsWhatIsDesired() throws Exception {
        StackDriver web = stack("web");
        Resource a = sample("alpha", 1);

        StackDriver.Run run = web.reconcile("rev1", List.of(a), true);

        assertThat(run.plan().changes()).extracting(Change::action).containsExactly(Action.CREATE);
        assertThat(run.result(a.key()).outcome()).isEqualTo(ApplyResult.Outcome.CREATED);
        assertThat(exists(a)).isTrue();
    }

    @Test
    void observeAfterApplyEqualsTheNormalisedDesiredState() {
        StackDriver web = stack("web");
        Resource a = sample("alpha", 1);
        web.reconcile("rev1", List.of(a), true);

        LiveObject live = web.observe(List.of(a)).get(a.key());

        assertThat(live).as("observed after apply").isNotNull();
        assertThat(Differ.diff(live.state(), provider.normalize(a).state())).isEmpty();
    }

    @Test
    void aSecondPlanAfterApplyIsAllNoop() {
        StackDriver web = stack("web");
        List<Resource> desired = List.of(sample("alpha", 1), sample("beta", 2));
        web.reconcile("rev1", desired, true);

        Plan again = web.plan(desired, true);

        assertThat(again.hasChanges()).as(again.summary()).isFalse();
        assertThat(again.changes()).extracting(Change::action).containsOnly(Action.NOOP).hasSize(2);
        assertThat(again.problems()).isEmpty();
    }

    @Test
    void updatesToANewVersion() {
        StackDriver web = stack("web");
        web.reconcile("rev1", List.of(sample("alpha", 1)), true);
        Resource next = sample("alpha", 2);

        StackDriver.Run run = web.at(SECOND).reconcile("rev2", List.of(next), true);

        assertThat(run.plan().changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(run.plan().changes().get(0).diff()).isNotEmpty();
        assertThat(run.result(next.key()).outcome()).isEqualTo(ApplyResult.Outcome.UPDATED);
        assertThat(Differ.diff(web.observe(List.of(next)).get(next.key()).state(), provider.normalize(next).state()))
                .isEmpty();
        assertThat(web.plan(List.of(next), true).hasChanges()).isFalse();
    }

    @Test
    void applyingTheSameChangeTwiceIsIdempotent() {
        StackDriver web = stack("web");
        Resource a = sample("alpha", 1);
        Change create = web.plan(List.of(a), true).changes().get(0);
        ApplyContext context = new ApplyContext("web", "rev1", FIRST);

        provider.apply(create, context);
        provider.apply(create, context);

        web.remember(a.key(), "rev1");
        Plan after = web.plan(List.of(a), true);
        assertThat(after.hasChanges()).as(after.summary()).isFalse();
        assertThat(after.problems()).isEmpty();
    }

    @Test
    void everyAppliedObjectCarriesProvenance() throws Exception {
        StackDriver web = stack("web");
        Resource a = sample("alpha", 1);
        web.reconcile("rev1", List.of(a), true);

        assertThat(provenance(a)).hasValueSatisfying(stamp -> {
            assertThat(stamp.stack()).isEqualTo("web");
            assertThat(stamp.revision()).isEqualTo("rev1");
        });
        assertThat(web.observe(List.of(a)).get(a.key()).provenance())
                .hasValueSatisfying(stamp -> assertThat(stamp.revision()).isEqualTo("rev1"))
                .hasValueSatisfying(stamp -> assertThat(stamp.stack()).isEqualTo("web"));

        Resource next = sample("alpha", 2);
        web.at(SECOND).reconcile("rev2", List.of(next), true);
        assertThat(provenance(next)).map(Provenance::revision).hasValue("rev2");
        assertThat(web.observe(List.of(next)).get(next.key()).provenance()).map(Provenance::revision).hasValue("rev2");
    }

    @Test
    void pruneDeletesWhatTheStackNoLongerDesires() throws Exception {
        StackDriver web = stack("web");
        Resource a = sample("alpha", 1);
        Resource b = sample("beta", 1);
        web.reconcile("rev1", List.of(a, b), true);

        StackDriver.Run run = web.reconcile("rev2", List.of(a), true);

        assertThat(run.plan().changes()).filteredOn(c -> c.action() == Action.DELETE)
                .extracting(Change::key).containsExactly(b.key());
        assertThat(run.result(b.key()).outcome()).isEqualTo(ApplyResult.Outcome.DELETED);
        assertThat(exists(b)).isFalse();
        assertThat(exists(a)).isTrue();
        assertThat(web.plan(List.of(a), true).hasChanges()).isFalse();
    }

    @Test
    void withoutPruneAnObjectNoLongerDesiredIsOnlyReported() throws Exception {
        StackDriver web = stack("web");
        Resource a = sample("alpha", 1);
        web.reconcile("rev1", List.of(a), false);

        StackDriver.Run run = web.reconcile("rev2", List.of(), false);

        assertThat(run.plan().changes()).extracting(Change::action).containsExactly(Action.ORPHAN);
        assertThat(exists(a)).isTrue();
    }

    @Test
    void anotherStacksObjectSurvivesPrune() throws Exception {
        StackDriver one = stack("one");
        StackDriver two = stack("two");
        Resource a = sample("alpha", 1);
        Resource b = sample("beta", 1);
        one.reconcile("rev1", List.of(a), true);
        two.reconcile("rev9", List.of(b), true);

        one.reconcile("rev2", List.of(), true);

        assertThat(exists(a)).isFalse();
        assertThat(exists(b)).isTrue();
        assertThat(provenance(b)).map(Provenance::stack).hasValue("two");
        assertThat(two.plan(List.of(b), true).hasChanges()).isFalse();
    }

    @Test
    void anObjectOwnedByAnotherStackIsAConflict() {
        StackDriver one = stack("one");
        Resource a = sample("alpha", 1);
        one.reconcile("rev1", List.of(a), true);

        StackDriver two = stack("two");
        LiveObject seen = two.observe(List.of(sample("alpha", 2))).get(a.key());
        Plan plan = two.plan(List.of(sample("alpha", 2)), true);

        assertThat(seen.managedBy()).hasValue("one");
        assertThat(plan.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("'one'"));
        assertThat(plan.hasChanges()).isFalse();
    }

    @Test
    void anAdoptedObjectIsLeftInPlaceOnPrune() throws Exception {
        Resource before = sample("alpha", 2);
        createUnmanaged(before);
        StackDriver web = stack("web");
        Resource a = sample("alpha", 1);

        LiveObject found = web.observe(List.of(a)).get(a.key());
        StackDriver.Run adopt = web.reconcile("rev1", List.of(a), true);

        assertThat(found.provenance()).isEmpty();
        assertThat(adopt.plan().changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(provenance(a)).map(Provenance::stack).hasValue("web");

        StackDriver.Run prune = web.reconcile("rev2", List.of(), true);

        assertThat(prune.plan().changes()).extracting(Change::action).containsExactly(Action.DELETE);
        assertThat(prune.result(a.key()).outcome()).isEqualTo(ApplyResult.Outcome.SKIPPED);
        assertThat(prune.result(a.key()).message()).isNotBlank();
        assertThat(exists(a)).isTrue();
    }

    @Test
    void driftIsSeenAsAnUpdateNamingTheChangedField() throws Exception {
        StackDriver web = stack("web");
        Resource a = sample("alpha", 1);
        web.reconcile("rev1", List.of(a), true);

        FieldPath changed = drift(a);
        Plan plan = web.plan(List.of(a), true);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(plan.changes().get(0).diff()).extracting(FieldChange::path).contains(changed);

        web.reconcile("rev1", List.of(a), true);
        assertThat(web.plan(List.of(a), true).hasChanges()).isFalse();
    }

    @Test
    void anInventoryKeyWithNothingLiveIsForgottenNotDeleted() {
        StackDriver web = stack("web");
        Resource ghost = sample("ghost", 1);
        web.remember(ghost.key(), "rev0");

        Plan plan = web.plan(List.of(), true);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.forget()).containsExactly(ghost.key());
    }

    @Test
    void deletingTwiceIsHarmless() throws Exception {
        StackDriver web = stack("web");
        Resource a = sample("alpha", 1);
        web.reconcile("rev1", List.of(a), true);
        Change delete = web.plan(List.of(), true).changes().get(0);
        ApplyContext context = new ApplyContext("web", "rev2", SECOND);

        assertThat(provider.delete(delete, context).outcome()).isEqualTo(ApplyResult.Outcome.DELETED);
        provider.delete(delete, context);

        assertThat(exists(a)).isFalse();
    }

    @Test
    void aSecretReachesTheTargetAndNothingElse() throws Exception {
        String canary = "canary-" + java.util.UUID.randomUUID();
        Resource secretive = sampleWithSecret("secretive", new Sensitive(canary));
        StackDriver web = stack("web");

        StackDriver.Run run = web.reconcile("rev1", List.of(secretive), true);

        assertThat(holdsSecret(secretive, canary)).as("the target has the secret").isTrue();
        assertThat(bookkeeping()).as("provenance and records").doesNotContain(canary);
        assertThat(web.inventory().toString()).doesNotContain(canary);
        assertThat(run.results().toString()).doesNotContain(canary);
        assertThat(PlanText.render("web", "rev1", run.plan())).doesNotContain(canary);
        assertThat(PlanDocument.of("web", "rev1", run.plan()).toString()).doesNotContain(canary);

        Plan again = web.plan(List.of(secretive), true);
        assertThat(again.changes()).as("an applied secret compares equal by digest")
                .extracting(Change::action).containsOnly(Action.NOOP);

        Plan rotated = web.plan(List.of(sampleWithSecret("secretive", new Sensitive(canary + "-rotated"))), true);
        assertThat(rotated.changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(PlanText.render("web", "rev2", rotated)).doesNotContain(canary).contains(Sensitive.MASK);
    }

    @Test
    void theOwnershipScanListsExactlyWhatEachStackOwnsKeyedAsThePlannerKeysIt() throws Exception {
        List<Resource> forOne = List.of(sample("alpha", 1), sample("beta", 2), sample("gamma", 1));
        List<Resource> forTwo = List.of(sample("delta", 1), sample("epsilon", 2));
        stack("one").reconcile("rev-one", forOne, true);
        stack("two").at(SECOND).reconcile("rev-two", forTwo, true);
        String before = bookkeeping();

        List<Owned> one = scan().owned(new StackScope("one"));
        List<Owned> two = scan().owned(new StackScope("two"));

        assertThat(one).extracting(Owned::key).containsExactlyElementsOf(keys(forOne));
        assertThat(one).extracting(Owned::record).allSatisfy(record -> {
            assertThat(record.stack()).isEqualTo("one");
            assertThat(record.revision()).isEqualTo("rev-one");
            assertThat(record.appliedAt()).isEqualTo(FIRST);
            assertThat(record.created()).isTrue();
        });
        assertThat(two).extracting(Owned::key).containsExactlyElementsOf(keys(forTwo));
        assertThat(two).extracting(Owned::record).allSatisfy(record -> {
            assertThat(record.stack()).isEqualTo("two");
            assertThat(record.revision()).isEqualTo("rev-two");
            assertThat(record.appliedAt()).isEqualTo(SECOND);
        });
        assertThat(scan().owned(new StackScope("three"))).isEmpty();
        assertThat(scan().stacks()).containsSubsequence("one", "two").isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(bookkeeping()).as("scanning writes nothing").isEqualTo(before);
        for (Resource resource : forOne) {
            assertThat(exists(resource)).isTrue();
        }
    }

    @Test
    void anInventoryRebuiltFromTheScanPlansAsAllNoopsAndThenPrunesWhatLeavesTheManifests() throws Exception {
        Resource a = sample("alpha", 1);
        Resource b = sample("beta", 2);
        Resource c = sample("gamma", 1);
        stack("web").reconcile("rev1", List.of(a, b, c), true);
        Resource other = sample("delta", 1);
        stack("other").reconcile("rev9", List.of(other), true);
        StackDriver rebuilt = stack("web");
        for (Owned owned : scan().owned(new StackScope("web"))) {
            rebuilt.remember(owned.key(), "rebuilt", owned.record().revision());
        }

        Plan plan = rebuilt.plan(List.of(a, b, c), true);

        assertThat(plan.hasChanges()).as(plan.summary()).isFalse();
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.forget()).isEmpty();
        assertThat(plan.changes()).extracting(Change::action).containsOnly(Action.NOOP).hasSize(3);
        assertThat(plan.track()).as("a rebuilt entry's hash is no content hash: the next run records the real one")
                .extracting(Change::key).containsExactlyInAnyOrderElementsOf(keys(List.of(a, b, c)));

        StackDriver.Run prune = rebuilt.at(SECOND).reconcile("rev2", List.of(a, b), true);

        assertThat(prune.plan().mutations()).extracting(Change::action, Change::key)
                .containsExactly(tuple(Action.DELETE, c.key()));
        assertThat(exists(c)).isFalse();
        assertThat(exists(a)).isTrue();
        assertThat(exists(other)).isTrue();
        assertThat(rebuilt.inventory()).containsOnlyKeys(a.key(), b.key());
        assertThat(rebuilt.inventory().get(a.key()).hash()).isEqualTo(provider.normalize(a).hash());
    }

    @Test
    void theOwnershipScanListsAnAdoptedObjectAsAdoptedAndPruneStillLeavesIt() throws Exception {
        createUnmanaged(sample("alpha", 2));
        Resource a = sample("alpha", 1);
        stack("web").reconcile("rev1", List.of(a), true);

        List<Owned> owned = scan().owned(new StackScope("web"));

        assertThat(owned).singleElement().satisfies(found -> {
            assertThat(found.key()).isEqualTo(a.key());
            assertThat(found.record().created()).isFalse();
            assertThat(found.record().adopted()).isTrue();
        });
        StackDriver rebuilt = stack("web");
        rebuilt.remember(a.key(), "rebuilt", owned.get(0).record().revision());
        StackDriver.Run prune = rebuilt.reconcile("rev2", List.of(), true);
        assertThat(prune.result(a.key()).outcome()).isEqualTo(ApplyResult.Outcome.SKIPPED);
        assertThat(exists(a)).isTrue();
    }
}
