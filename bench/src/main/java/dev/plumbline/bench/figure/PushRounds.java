package dev.plumbline.bench.figure;

import dev.plumbline.bench.Progress;
import dev.plumbline.bench.Results;
import dev.plumbline.bench.Stats;
import dev.plumbline.bench.Targets;
import dev.plumbline.bench.agent.AgentConfig;
import dev.plumbline.bench.agent.GithubPush;
import dev.plumbline.bench.agent.Metrics;
import dev.plumbline.bench.agent.RunningAgent;
import dev.plumbline.bench.raw.AtomicWrites;
import dev.plumbline.bench.stack.FileManifests;
import dev.plumbline.bench.stack.ManifestRepo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * Push to live, and what a one-file commit costs to render, in interleaved rounds. A webhook round commits a
 * change to one file of the agent's source, delivers GitHub's push for it, and times until the live file
 * holds the new content (read every millisecond); the agent's {@code plumbline_manifest_files_parsed_total}
 * says how many files that run parsed. A raw round commits a change to one file of a clone of the source
 * (so that the agent's stack sees only its own commits), then times {@code git fetch} by the git CLI into a
 * mirror of that clone plus the atomic write of the one file. The p50 of each, after {@link #WARM_UP} rounds of
 * each that are reported but not counted: an agent runs for months, and its first pushes after a start run
 * code the drift checks before them did not (the first took 0.57 s where the tenth took 0.11 s), as the
 * first raw fetches find a cold mirror. Every round, counted or not, must parse exactly one file.
 */
final class PushRounds {

    private static final Pattern PARSED_LINE = Pattern.compile("parsed \\d+ of \\d+ manifest files");
    private static final String PARSED = "plumbline_manifest_files_parsed_total";
    /** Rounds of each side before the counted ones. */
    static final int WARM_UP = 3;

    private PushRounds() {
    }

    static void measure(RunningAgent agent, FileStack stack, Path place, int rounds, Results results) {
        Path home = place.resolve("raw-push");
        ManifestRepo rawSource = stack.repo().cloneTo(home.resolve("source.git"));
        Path rawMirror = home.resolve("mirror.git");
        ManifestRepo.git("clone", "--mirror", "-q", rawSource.dir().toString(), rawMirror.toString());
        Path rawLive = home.resolve("live");
        String stackLabel = RunningAgent.label(AgentConfig.STACK);
        List<Double> webhooks = new ArrayList<>();
        List<Double> raws = new ArrayList<>();
        List<Long> parsed = new ArrayList<>();
        try {
            for (int round = 1; round <= WARM_UP + rounds; round++) {
                int index = (round * 7919) % stack.size();
                Metrics before = agent.metrics();
                webhooks.add(webhookRound(agent, stack, place, index, round));
                agent.awaitRuns(AgentConfig.STACK, before.sum("plumbline_reconcile_duration_seconds_count",
                        stackLabel) + 1, Duration.ofMinutes(5));
                parsed.add(Math.round(agent.metrics().sum(PARSED, stackLabel) - before.sum(PARSED, stackLabel)));
                raws.add(rawRound(rawSource, rawMirror, rawLive, (index + stack.size() / 2) % stack.size(), round));
                Progress.say("push round %d: webhook to live %.3f s (parsed %d), git fetch + write %.3f s", round,
                        webhooks.get(round - 1), parsed.get(round - 1), raws.get(round - 1));
            }
        } finally {
            rawSource.close();
        }
        List<Double> counted = webhooks.subList(WARM_UP, webhooks.size());
        List<Double> countedRaws = raws.subList(WARM_UP, raws.size());
        results.put(Targets.PUSH_P50.measured(stack.size(), Stats.percentile(counted, 50),
                Stats.percentile(countedRaws, 50), "p50 of " + rounds + " (webhook " + Stats.list(counted)
                        + " s; git fetch + write " + Stats.list(countedRaws) + " s); the " + WARM_UP + " rounds"
                        + " before them (webhook " + Stats.list(webhooks.subList(0, WARM_UP)) + " s; git fetch + write "
                        + Stats.list(raws.subList(0, WARM_UP)) + " s) excluded"));
        long worst = parsed.stream().mapToLong(Long::longValue).filter(n -> n != 1).findFirst().orElse(1);
        results.put(Targets.PARSED_ONE.measured(stack.size(), worst, null, "files parsed per one-file commit: "
                + parsed + "; the agent's log: '" + agent.lastLogLine(PARSED_LINE).map(PushRounds::parsedPart)
                .orElse("no run line") + "'"));
    }

    private static String parsedPart(String line) {
        var matcher = PARSED_LINE.matcher(line);
        return matcher.find() ? matcher.group() : line;
    }

    private static double webhookRound(RunningAgent agent, FileStack stack, Path place, int index, int round) {
        String sha = stack.repo().commit(index, round);
        GithubPush push = GithubPush.of(sha, "bench-" + sha, AgentConfig.HOOK_SECRET);
        Path live = FileStack.live(place).resolve(FileManifests.livePath(index));
        String expected = FileManifests.liveContent(index, round);
        long started = System.nanoTime();
        int status = agent.hook(AgentConfig.SOURCE, push.body(), push.headers());
        if (status != 202) {
            throw new IllegalStateException("the webhook was answered " + status + ", not 202");
        }
        long deadline = started + Duration.ofMinutes(5).toNanos();
        while (!expected.equals(read(live))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(live + " did not go live within 5 minutes of the webhook");
            }
            LockSupport.parkNanos(1_000_000);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static double rawRound(ManifestRepo source, Path mirror, Path live, int index, int round) {
        source.commit(index, round);
        Path target = live.resolve(FileManifests.livePath(index));
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long started = System.nanoTime();
        ManifestRepo.git("-C", mirror.toString(), "fetch", "-q", "origin");
        try {
            AtomicWrites.write(target, FileManifests.liveContent(index, round).getBytes(StandardCharsets.UTF_8));
            try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
