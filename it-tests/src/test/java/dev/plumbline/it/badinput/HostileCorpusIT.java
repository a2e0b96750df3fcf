package dev.plumbline.it.badinput;

import static dev.plumbline.it.badinput.TwoStacks.COUNTER;
import static dev.plumbline.it.badinput.TwoStacks.COUNTER_RECORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.it.fixture.AgentProcess;
import dev.plumbline.it.fixture.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile and broken inputs, each committed to stack {@code bad} together with a change to stack
 * {@code good}, and run through the real command line: {@code validate} and {@code apply} exit 1 naming the
 * file (and the line, where there is one) and the reason, print no stack trace nor an exception's name, and
 * change nothing live of either stack nor stack {@code bad}'s inventory, while stack {@code good} applies its
 * change in the same run. Valid oddities apply as usual. Seeded random mutations of valid manifests either
 * apply as a first apply of the same revision would, or are refused in the same way as the corpus. And the
 * agent, meeting hostile commits one after another, stalls stack {@code bad} at each with the place in its
 * status, keeps applying stack {@code good}, stays healthy, and applies the next valid commit.
 * <p>
 * The methods run in order on one pair of stacks (each starts from what the one before left live).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileCorpusIT {

    /** A Java exception's or error's class name, as a stack trace or a careless message would show it. */
    static final Pattern THROWABLE = Pattern.compile("\\b[A-Z][A-Za-z]*(Exception|Error)\\b");

    /** The mutations' seed and how many: {@code -Dplumbline.corpus.seed=N -Dplumbline.corpus.mutations=M} runs others. */
    private static final long SEED = 20_261_129L;
    private static final int MUTATIONS = 60;

    private TwoStacks stacks;
    private int round;

    @BeforeAll
    void applyBothStacks(@TempDir Path dir) {
        stacks = TwoStacks.create(dir);
        Cli.Result apply = stacks.apply();
        assertThat(apply.code()).as(apply.toString()).isZero();
        assertThat(stacks.liveFile("bad/base.txt")).isEqualTo("base");
        assertThat(stacks.liveFile(COUNTER)).isEqualTo("first");
    }

    @AfterAll
    void closeStacks() {
        if (stacks != null) {
            stacks.close();
        }
    }

    static Stream<HostileCase> corpus() {
        List<HostileCase> all = new ArrayList<>();
        all.addAll(SyntaxCases.all());
        all.addAll(ShapeCases.all());
        all.addAll(FileSpecCases.all());
        all.addAll(RepositoryCases.all());
        return all.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aHostileCommitChangesNothingWhileTheOtherStackApplies(HostileCase hostile) {
        hostile.writer().accept(stacks.resetBad("changed by the commit of " + hostile.name()));
        String counter = "round " + (++round) + ": " + hostile.name();
        stacks.good(counter);
        String sha = stacks.commit(hostile.name());
        TwoStacks.Recorded before = stacks.recorded();
        LiveSnapshot live = LiveSnapshot.of(stacks.live());

        Cli.Result validate = stacks.validate();
        if (hostile.validateSees()) {
            assertRefused(hostile.name(), "validate", validate, hostile.where(), hostile.says());
        } else {
            assertThat(validate.code()).as("validate does not read live state\n" + validate).isZero();
        }
        assertThat(LiveSnapshot.of(stacks.live())).as("validate wrote nothing").isEqualTo(live);

        Cli.Result apply = stacks.apply();
        assertRefused(hostile.name(), "apply", apply, hostile.where(), hostile.says());
        assertThat(stacks.liveFile(COUNTER)).as("stack good applied in the same run\n" + apply).isEqualTo(counter);
        Set<String> counterPaths = Set.of(COUNTER, COUNTER_RECORD);
        assertThat(LiveSnapshot.of(stacks.live()).without(counterPaths)).as("nothing else changed live\n" + apply)
                .isEqualTo(live.without(counterPaths));
        TwoStacks.Recorded after = stacks.recorded();
        assertThat(after.badInventory()).as("the inventory of stack bad").isEqualTo(before.badInventory());
        assertThat(after.bad().lastAppliedRevision()).isEqualTo(before.bad().lastAppliedRevision());
        assertThat(after.bad().lastAttemptedRevision()).isEqualTo(sha);
        assertThat(after.bad().condition()).as(after.bad().toString()).isEqualTo("Stalled");
        assertThat(after.good().lastAppliedRevision()).isEqualTo(sha);
    }

    @Order(2)
    @Test
    void validOdditiesApplyAsUsual() {
        Map<String, String> expected = ValidOddities.write(stacks.resetBad("beside the oddities"));
        stacks.good("round of the oddities");
        String sha = stacks.commit("Valid oddities");

        Cli.Result validate = stacks.validate();
        assertThat(validate.code()).as(validate.toString()).isZero();
        Cli.Result apply = stacks.apply();
        assertThat(apply.code()).as(apply.toString()).isZero();

        assertThat(stacks.liveFile("bad/base.txt")).isEqualTo("beside the oddities");
        expected.forEach((path, content) -> assertThat(stacks.liveFile(path)).as(path).isEqualTo(content));
        TwoStacks.Recorded after = stacks.recorded();
        assertThat(after.bad().lastAppliedRevision()).isEqualTo(sha);
        assertThat(after.badInventory()).hasSize(expected.size() + 1);
        Cli.Result again = stacks.apply(TwoStacks.BAD);
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).as("a second apply finds nothing to do").contains("0 to create, 0 to update, 0 to delete");
    }

    @Order(3)
    @Test
    void mutatedManifestsApplyAsAFreshApplyWouldOrChangeNothing() throws IOException {
        long seed = Long.getLong("plumbline.corpus.seed", SEED);
        int mutations = Integer.getInteger("plumbline.corpus.mutations", MUTATIONS);
        ManifestMutator mutator = new ManifestMutator(seed);
        Map<String, String> valid = validManifests();
        List<String> names = List.copyOf(valid.keySet());
        int applied = 0;
        for (int mutation = 1; mutation <= mutations; mutation++) {
            String file = names.get(mutator.pick(names.size()));
            String text = valid.get(file);
            List<String> done = new ArrayList<>();
            for (int i = 0, times = 1 + mutator.pick(2); i < times; i++) {
                ManifestMutator.Mutation next = mutator.mutate(text);
                done.add(next.description());
                text = next.text();
            }
            StackDir dir = stacks.resetBad("mutation " + mutation);
            for (String name : names) {
                dir.write(name, name.equals(file) ? text : valid.get(name));
            }
            String sha = stacks.commit("Mutation " + mutation);
            String shown = "seed " + seed + " (-Dplumbline.corpus.seed=" + seed + "), mutation " + mutation + " of "
                    + file + ": " + String.join(", ", done) + "\n--- mutated text\n" + text + "\n--- end\n";
            if (roundOfMutation(mutation, sha, shown)) {
                applied++;
            }
        }
        System.out.printf("%d of %d mutations (seed %d) were still valid and applied as a fresh apply does%n",
                applied, mutations, seed);
    }

    /** One mutated commit; true when it was valid and applied. */
    private boolean roundOfMutation(int mutation, String sha, String shown) {
        TwoStacks.Recorded before = stacks.recorded();
        LiveSnapshot live = LiveSnapshot.of(stacks.live());
        Cli.Result validate = stacks.validate();
        Cli.Result apply = stacks.apply(TwoStacks.BAD);
        assertNoStackTrace("validate, " + shown, validate);
        assertNoStackTrace("apply, " + shown, apply);
        assertThat(apply.code()).as("apply, " + shown + apply).isIn(0, 1);
        assertThat(validate.code()).as("validate agrees with apply, " + shown + validate + "\napply " + apply)
                .isEqualTo(apply.code());
        if (apply.code() == 0) {
            Path fresh = stacks.dir().resolve("fresh-" + mutation);
            Cli.Result first = TwoStacks.cli("apply", "--config", stacks.freshConfig(fresh).toString(),
                    "--log-level", "warn");
            assertThat(first.code()).as("a fresh apply, " + shown + first).isZero();
            assertThat(LiveSnapshot.of(stacks.live()).stackState(stacks.live(), TwoStacks.BAD, "bad/"))
                    .as("live state after the mutation equals a fresh apply's, " + shown + apply)
                    .isEqualTo(LiveSnapshot.of(fresh.resolve("live")).stackState(fresh.resolve("live"), TwoStacks.BAD,
                            "bad/"));
            assertThat(stacks.recorded().bad().lastAppliedRevision()).isEqualTo(sha);
            return true;
        }
        Pattern located = Pattern.compile("^" + Pattern.quote(TwoStacks.BAD_PATH + "/") + "[^:]+(:\\d+:\\d+)?: ");
        assertRefused("a mutation", "validate", validate, located, "", shown);
        assertRefused("a mutation", "apply", apply, located, "", shown);
        assertThat(LiveSnapshot.of(stacks.live())).as("nothing changed live, " + shown + apply).isEqualTo(live);
        TwoStacks.Recorded after = stacks.recorded();
        assertThat(after.badInventory()).as(shown).isEqualTo(before.badInventory());
        assertThat(after.bad().lastAppliedRevision()).as(shown).isEqualTo(before.bad().lastAppliedRevision());
        assertThat(after.bad().condition()).as(shown + after.bad()).isEqualTo("Stalled");
        return false;
    }

    /** The three valid manifests the mutations start from (four Files), by file name. */
    private static Map<String, String> validManifests() throws IOException {
        Map<String, String> manifests = new LinkedHashMap<>();
        for (String name : List.of("alpha.yaml", "gamma.yaml", "delta.yaml")) {
            try (InputStream in = HostileCorpusIT.class.getResourceAsStream("valid/" + name)) {
                manifests.put(name, new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return manifests;
    }

    @Order(4)
    @Test
    void theAgentStallsOnEachHostileCommitAndKeepsApplyingTheOtherStack() throws Exception {
        Map<String, HostileCase> byName = corpus().collect(Collectors.toMap(HostileCase::name, c -> c));
        List<HostileCase> hostile = List.of(byName.get("unterminated flow sequence"),
                byName.get("link out of the repository"), byName.get("secret file with .."));
        String sha = commitHostile(hostile.get(0), "agent 1");
        try (AgentProcess agent = AgentProcess.start(stacks.config(), stacks.dir().resolve("agent.log"))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> agent.adminUrl().isPresent() || !agent.isAlive());
            String url = agent.adminUrl().orElseThrow(() -> new AssertionError("no admin URL\n" + agent.log()));
            for (int i = 0; i < hostile.size(); i++) {
                if (i > 0) {
                    sha = commitHostile(hostile.get(i), "agent " + (i + 1));
                }
                awaitStalledBesideGood(agent, url, hostile.get(i), sha, "agent " + (i + 1));
            }
            stacks.resetBad("recovered");
            stacks.good("agent recovered");
            String fixed = stacks.commit("A valid commit after the hostile ones");
            await().atMost(Duration.ofSeconds(60)).until(() -> "recovered".equals(stacks.liveFile("bad/base.txt")));
            await().atMost(Duration.ofSeconds(30)).until(() -> fixed.equals(stacks.recorded().bad().lastAppliedRevision()));
            assertThat(stacks.liveFile(COUNTER)).isEqualTo("agent recovered");
            assertThat(agent.isAlive()).as(agent.log()).isTrue();
            assertThat(agent.terminate()).as(agent.log()).isIn(0, 143);
            assertThat(agent.log()).as("the agent's log").doesNotContain("\tat ");
            assertThat(THROWABLE.matcher(agent.log()).find()).as("no exception's name in the agent's log\n" + agent.log())
                    .isFalse();
        }
    }

    private String commitHostile(HostileCase hostile, String counter) {
        hostile.writer().accept(stacks.resetBad("changed by the commit of " + hostile.name()));
        stacks.good(counter);
        return stacks.commit(hostile.name());
    }

    /** Stack good applies its change, stack bad stalls at the commit naming the place, the agent stays healthy. */
    private void awaitStalledBesideGood(AgentProcess agent, String url, HostileCase hostile, String sha,
                                        String counter) throws Exception {
        String shown = hostile.name() + "\n--- agent log\n";
        await().atMost(Duration.ofSeconds(60)).until(() -> counter.equals(stacks.liveFile(COUNTER)));
        await().atMost(Duration.ofSeconds(60)).until(() -> sha.equals(stacks.recorded().bad().lastAttemptedRevision()));
        TwoStacks.Recorded recorded = stacks.recorded();
        assertThat(recorded.bad().condition()).as(shown + agent.log()).isEqualTo("Stalled");
        assertThat(recorded.bad().message().lines().anyMatch(line -> hostile.where().matcher(line).find()))
                .as("the status names the place: " + recorded.bad() + "\n" + shown + agent.log()).isTrue();
        assertThat(recorded.bad().lastAppliedRevision()).isNotEqualTo(sha);
        assertThat(recorded.good().lastAppliedRevision()).isEqualTo(sha);
        assertThat(stacks.liveFile("bad/base.txt")).doesNotContain(hostile.name());

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "/healthz"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(shown + agent.log()).isEqualTo(200);
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/stacks/bad"))
                .header("Authorization", "Bearer " + TwoStacks.VIEWER_TOKEN).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        assertThat(status.body()).as("GET /api/v1/stacks/bad")
                .containsPattern("\\{\\s*\"type\"\\s*:\\s*\"Stalled\"\\s*,\\s*\"status\"\\s*:\\s*\"True\"")
                .contains(sha, "\"" + TwoStacks.BAD_PATH + "/");
        assertThat(agent.isAlive()).as(agent.log()).isTrue();
    }

    /**
     * Exit 1; a line of stderr is the located problem, and the output says why; nothing in the output looks
     * like a stack trace, names an exception, or owns up to an unexpected failure.
     */
    static void assertRefused(String name, String command, Cli.Result result, Pattern where, String says) {
        assertRefused(name, command, result, where, says, "");
    }

    static void assertRefused(String name, String command, Cli.Result result, Pattern where, String says,
                              String context) {
        String shown = command + " of " + name + "\n" + context + result;
        assertThat(result.code()).as(shown).isEqualTo(1);
        assertThat(result.err().lines().anyMatch(line -> where.matcher(line).find()))
                .as("a line of stderr matches " + where + "\n" + shown).isTrue();
        assertThat(result.err()).as(shown).contains(says);
        assertNoStackTrace(shown, result);
    }

    static void assertNoStackTrace(String shown, Cli.Result result) {
        String output = result.out() + result.err();
        assertThat(output).as(shown).doesNotContain("\tat ", "failed unexpectedly");
        assertThat(THROWABLE.matcher(output).find()).as("no exception's name\n" + shown).isFalse();
    }
}
