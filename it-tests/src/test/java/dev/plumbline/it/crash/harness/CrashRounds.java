package dev.plumbline.it.crash.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.engine.state.LeaseInfo;
import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.Scenario;
import dev.plumbline.model.InventoryEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The three rounds of {@link CrashHarnessIT} for one kind of process ({@code plumbline apply} or the agent),
 * over a scenario of its own in {@code dir}: create 1,000 files, change every file, prune 400 (eight of the
 * twenty directories, under {@code maxPrunePercent: 50}). In each round the process is killed with SIGKILL
 * at random points (a seeded {@link Random}; replay a failure with {@code -Dcrash.seed=N}) once some but not
 * all of the round's work is on disk, started again at once (it must take the dead holder's lease over
 * without waiting), and finally let finish. Then the target holds exactly the round's files and directories
 * and no temporary file, and the state store exactly the round's inventory, nothing pending, with the
 * round's commit applied last in the history and the lease free.
 */
final class CrashRounds {

    private static final int FILES = 1000;
    private static final int DIRECTORIES = 20;
    /** Files in directories {@code d0..d7} are removed in the prune round: 400 files, 40% of the stack. */
    private static final int PRUNED_DIRECTORIES = 8;
    static final long SEED = Long.getLong("crash.seed", System.nanoTime());

    private Scenario scenario;
    private final List<String> timings = new ArrayList<>();
    private final List<String> ledgerFindings = new ArrayList<>();
    /** Kills after which the restarted process provably took the dead holder's lease over before it expired. */
    private int takenOverAtOnce;

    /** One process of the kind under test: killed mid-run, or let finish the round. */
    interface Victim extends AutoCloseable {
        boolean isAlive();

        void kill() throws InterruptedException;

        String log();

        /** Lets the run complete the round; fails, naming the log, when it does not. */
        void finish(Round round, String context) throws Exception;

        @Override
        void close();
    }

    /** What a round wants: its commit, the files (path to content) and what the inventory's entries name. */
    record Round(String name, String sha, Map<String, String> desired, String inventoryRevision,
                         Set<String> removed) {

        /**
         * How much of the round's work is on disk: files written with the new content, or files removed. Read
         * path by path, without a walk or the ledger, to take little from the process under test while polled.
         */
        long done(Path root) {
            if (!removed.isEmpty()) {
                return removed.stream().filter(path -> !Files.exists(root.resolve(path))).count();
            }
            return desired.entrySet().stream().filter(file -> file.getValue().equals(content(root.resolve(file.getKey()))))
                    .count();
        }

        private static String content(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException absent) {
                return null;
            }
        }

        long work() {
            return removed.isEmpty() ? desired.size() : removed.size();
        }
    }

    /** Starts one process of the kind under test over the scenario's config, its output to {@code log}. */
    interface Launcher {
        Victim start(CrashRounds rounds, Path log);
    }

    private final Path dir;
    private final String who;
    private final int kills;
    private final Launcher launcher;

    CrashRounds(Path dir, String who, int kills, Launcher launcher) {
        this.dir = dir;
        this.who = who;
        this.kills = kills;
        this.launcher = launcher;
    }

    Scenario scenario() {
        return scenario;
    }

    /** The three rounds, each with {@code kills} kills; returns a line of timings. */
    String run() throws Exception {
        long started = System.nanoTime();
        Random random = new Random(SEED ^ who.hashCode());
        scenario = Scenario.overFile(dir);
        writeConfig();
        Files.createDirectories(scenario.live());

        Map<String, String> created = contents("created");
        created.forEach((path, content) -> scenario.manifest(name(path), path, content));
        Round create = new Round("create", scenario.repo().commit("1000 files"), created, null, Set.of());
        crashAndConverge(random, create);

        Map<String, String> updated = contents("updated");
        updated.forEach((path, content) -> scenario.manifest(name(path), path, content));
        String updateSha = scenario.repo().commit("every file changes");
        crashAndConverge(random, new Round("update", updateSha, updated, updateSha, Set.of()));

        Map<String, String> kept = new TreeMap<>(updated);
        Set<String> removed = new TreeSet<>();
        for (String path : updated.keySet()) {
            if (directory(path) < PRUNED_DIRECTORIES) {
                scenario.repo().delete(Scenario.STACK_PATH + "/" + name(path) + ".yaml");
                kept.remove(path);
                removed.add(path);
            }
        }
        String pruneSha = scenario.repo().commit("400 files go");
        crashAndConverge(random, new Round("prune", pruneSha, kept, updateSha, removed));

        ledgerFindings.forEach(finding -> System.out.println("crash harness: LEDGER " + finding));
        // the files provider's ledger holds exactly the round's files, none pending: a kill between a write and
        // its record, or a removal and its record, is settled when the stack next converges
        assertThat(ledgerFindings).as("the ledger of stack web after each round").isEmpty();
        assertThat(takenOverAtOnce).as(who + ": restarted processes that took over a dead holder's lease before it"
                + " expired (each restart did, or its start outlasted the lease)").isPositive();
        return String.format("%s, seed %d: 3 rounds in %.1f s (%s)", who, SEED, (System.nanoTime() - started) / 1e9,
                String.join("; ", timings));
    }

    /** Starts, kills at {@code kills} random points of the round's work, restarts at once, lets the last finish. */
    private void crashAndConverge(Random random, Round round)
            throws Exception {
        long started = System.nanoTime();
        long work = round.work();
        long[] points = killPoints(random, kills, work);
        long[] doneAtKill = new long[kills];
        String context = "seed " + SEED + " (replay: -Dcrash.seed=" + SEED + "), " + who + " round " + round.name()
                + " at " + round.sha().substring(0, 7) + ", kill points " + Arrays.toString(points) + " of " + work;
        for (int kill = 0; kill < kills; kill++) {
            long before = round.done(scenario.live());
            if (before >= work) {
                doneAtKill[kill] = before; // an earlier kill landed after the last file: nothing left to kill in
                continue;
            }
            long point = Math.max(points[kill], before + 1);
            Optional<LeaseInfo> dead = lease();
            try (Victim victim = launcher.start(this, dir.resolve(who + "-" + round.name() + "-" + kill + ".log"))) {
                String at = context + ", kill " + (kill + 1) + " at " + point + " (" + before + " done before)";
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                        .until(() -> !victim.isAlive() || round.done(scenario.live()) >= point);
                assertThat(victim.isAlive()).as(at + ": the process ended before it was killed; log:\n"
                        + victim.log()).isTrue();
                if (dead.isPresent()) {
                    LeaseInfo taken = lease().orElseThrow(() -> new AssertionError(at + ": no lease while writing"));
                    assertThat(taken.holder().pid()).as(at + ": a new holder").isNotEqualTo(dead.get().holder().pid());
                    // by the store's own times, not the test's clock: taken over before the dead lease would end,
                    // because its holder's process is gone (the agent says so). A start slowed down by a loaded
                    // machine may outlast the lease, which then proves nothing either way: such a kill is
                    // counted, and the harness asks that at least one kill in all proved a takeover at once.
                    if (taken.since().isBefore(dead.get().expiresAt())) {
                        assertThat(victim.log()).as(at + ": a takeover before expiry is said in the log")
                                .contains("took over the lease of " + dead.get().holder().describe());
                        takenOverAtOnce++;
                    } else {
                        System.out.println("crash harness: " + at + ": the restart outlasted the dead holder's lease");
                    }
                }
                victim.kill();
                doneAtKill[kill] = round.done(scenario.live());
                // the files provider writes up to 1,000 files in one batch, with their fsyncs together, so a kill
                // may land after the round's last file: still in the middle of the run (the process was alive,
                // asserted above), before the batch's records or the inventory's outcomes are written
            }
        }
        context += ", done at each kill " + Arrays.toString(doneAtKill);
        long killed = System.nanoTime();
        try (Victim victim = launcher.start(this, dir.resolve(who + "-" + round.name() + "-last.log"))) {
            victim.finish(round, context);
        }
        // the last run writes what the kills left; when the last kill came after the round's last file, it only
        // records what is live as desired, and its result is unchanged
        verify(round, context, doneAtKill[kills - 1] < work ? Set.of("applied") : Set.of("applied", "unchanged"));
        timings.add(String.format("%s: killed at %s of %d after %.1f s, converged %.1f s later", round.name(),
                Arrays.toString(doneAtKill), work, (killed - started) / 1e9, (System.nanoTime() - killed) / 1e9));
        System.out.println("crash harness: " + who + " " + timings.get(timings.size() - 1));
    }

    /** {@code kills} distinct points, ascending, between 5% and 85% of the work. */
    private static long[] killPoints(Random random, int kills, long work) {
        Set<Long> points = new TreeSet<>();
        while (points.size() < kills) {
            points.add(work / 20 + (long) random.nextInt((int) (work * 16 / 20)));
        }
        return points.stream().mapToLong(Long::longValue).toArray();
    }

    /** Who holds the stack's lease now, by the state store. */
    private Optional<LeaseInfo> lease() {
        try (StateStore store = scenario.store()) {
            return store.lease(Scenario.STACK);
        }
    }

    private void verify(Round round, String context, Set<String> lastResults) {
        LiveTree tree = live();
        assertThat(tree.tempFiles()).as(context + ": temporary files left under the target").isEmpty();
        assertThat(difference(round.desired(), tree.files())).as(context + ": live files against the round's")
                .isEmpty();
        Set<String> directories = round.desired().keySet().stream().map(path -> path.substring(0, path.indexOf('/')))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(tree.directories()).as(context + ": directories under the target").isEqualTo(directories);

        try (StateStore store = scenario.store()) {
            Map<String, InventoryEntry> inventory = store.inventory(Scenario.STACK).values().stream()
                    .collect(Collectors.toMap(entry -> entry.key().name(), entry -> entry, (a, b) -> a, TreeMap::new));
            Set<String> names = round.desired().keySet().stream().map(CrashRounds::name)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(store.inventory(Scenario.STACK)).as(context + ": one inventory entry per key")
                    .hasSameSizeAs(inventory);
            assertThat(inventory.keySet()).as(context + ": the inventory's keys").isEqualTo(names);
            assertThat(inventory.values().stream().filter(InventoryEntry::pending).map(e -> e.key().name()))
                    .as(context + ": inventory entries still pending").isEmpty();
            String revision = round.inventoryRevision() == null ? round.sha() : round.inventoryRevision();
            assertThat(inventory.values().stream().filter(entry -> !entry.revision().equals(revision))
                    .map(entry -> entry.key().name() + "@" + entry.revision()))
                    .as(context + ": inventory entries not from " + revision).isEmpty();

            List<RunRecord> history = store.history(Scenario.STACK, 50);
            assertThat(history).as(context + ": the history").isNotEmpty();
            assertThat(history.get(0)).as(context + ": the history's last row, of " + history)
                    .extracting(RunRecord::revision).isEqualTo(round.sha());
            assertThat(history.get(0).result()).as(context + ": the last run's result, of " + history)
                    .isIn(lastResults);
            assertThat(store.lease(Scenario.STACK)).as(context + ": the lease after the last run").isEmpty();
        }
        ledgerFindings.addAll(ledgerProblems(round, context, tree));
    }

    /**
     * Where the stack's ledger differs from exactly the round's files, none pending, each from the commit that
     * wrote it: a record left pending, or left for a file that is gone.
     */
    private static List<String> ledgerProblems(Round round, String context, LiveTree tree) {
        String revision = round.inventoryRevision() == null ? round.sha() : round.inventoryRevision();
        List<String> problems = new ArrayList<>();
        tree.records().forEach((path, text) -> {
            if (!round.desired().containsKey(path)) {
                problems.add("a record of " + path + ", which is not live");
            } else if (text.contains("pending: true")) {
                problems.add("the record of " + path + " is still pending");
            } else if (!text.contains("revision: " + revision)) {
                problems.add("the record of " + path + " is not from " + revision.substring(0, 7));
            }
        });
        round.desired().keySet().stream().filter(path -> !tree.records().containsKey(path))
                .forEach(path -> problems.add("no record of " + path));
        return problems.isEmpty() ? problems : List.of(context + ": " + problems);
    }

    /** What differs between the wanted files and the live ones: missing, extra, or with other content. */
    private static List<String> difference(Map<String, String> wanted, Map<String, String> live) {
        List<String> problems = new ArrayList<>();
        wanted.forEach((path, content) -> {
            if (!live.containsKey(path)) {
                problems.add("missing " + path);
            } else if (!live.get(path).equals(content)) {
                problems.add(path + " has " + live.get(path));
            }
        });
        live.keySet().stream().filter(path -> !wanted.containsKey(path)).forEach(path -> problems.add("extra " + path));
        return problems;
    }

    private LiveTree live() {
        return LiveTree.read(scenario.live(), Scenario.STACK);
    }

    String lastApplied() {
        try (StateStore store = scenario.store()) {
            return store.status(Scenario.STACK).map(status -> status.lastAppliedRevision()).orElse(null);
        }
    }

    /** The round's files: {@code d<i % 20>/f<i>.txt}, each with a content of its own saying which round. */
    private static Map<String, String> contents(String round) {
        Map<String, String> files = new TreeMap<>();
        for (int i = 0; i < FILES; i++) {
            files.put("d" + (i % DIRECTORIES) + "/f" + i + ".txt", "file " + i + ", " + round + "\nsecond line " + i);
        }
        return files;
    }

    /** The resource that writes {@code d3/f123.txt}: {@code f123}. */
    private static String name(String path) {
        return path.substring(path.indexOf('/') + 1, path.length() - ".txt".length());
    }

    private static int directory(String path) {
        return Integer.parseInt(path.substring(1, path.indexOf('/')));
    }

    /** The scenario's config, with the prune guard at 50% so that removing 40% of the stack goes through. */
    private void writeConfig() throws IOException {
        Files.writeString(scenario.config(), """
                stateDir: ./state
                admin:
                  listen: 127.0.0.1:0
                sources:
                  - name: infra
                    url: %s
                    ref: main
                    interval: 1s
                providers:
                  - name: local
                    type: files
                    root: ./live
                stacks:
                  - name: web
                    source: infra
                    path: stacks/web
                    provider: local
                    sync: { auto: true, prune: true, selfHeal: true, maxPrunePercent: 50 }
                    driftInterval: 1h
                """.formatted(scenario.url()), StandardCharsets.UTF_8);
    }
}
