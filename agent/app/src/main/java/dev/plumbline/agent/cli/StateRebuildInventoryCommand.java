package dev.plumbline.agent.cli;

import ch.qos.logback.classic.Level;
import dev.plumbline.agent.rebuild.InventoryRebuild;
import dev.plumbline.agent.rebuild.OwnershipFindings;
import dev.plumbline.agent.rebuild.OwnershipFindings.StackFindings;
import dev.plumbline.agent.state.AgentLock;
import dev.plumbline.agent.state.RebuiltStore;
import dev.plumbline.agent.state.StateFileCheck;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.ProviderConfig;
import dev.plumbline.config.StackConfig;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.OwnershipScan.Owned;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.Providers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline state rebuild-inventory}: the way back from a lost state store without a backup. Reads what
 * every provider of the config records as owned by each stack ({@link InventoryRebuild#scan}), says what it
 * found, and with {@code --yes} (or when there is nothing to lose: no store yet, or one with an empty
 * inventory) records it in the inventory ({@link InventoryRebuild#record}), in a new store when the one there
 * is refused ({@link RebuiltStore}). Refused while an agent or another command uses the stateDir; never writes
 * to a target.
 */
@Command(name = "rebuild-inventory", mixinStandardHelpOptions = true,
        description = "Rebuild the inventory from the ownership records the providers keep beside what they wrote:"
                + " lists what each stack owns, and with --yes records it (in a new state store when the one there"
                + " is lost or refused; what it replaces is kept aside). Only reads the targets. Refused while an"
                + " agent or another command uses the stateDir. Exit 0 listed or recorded, 1 not.")
final class StateRebuildInventoryCommand implements Callable<Integer> {

    static final String NAME = "state rebuild-inventory";

    /** How many objects of a stack are listed by key; the rest are counted. */
    static final int SHOWN = 10;

    @Mixin
    ConfigOptions options;

    @Option(names = "--stack", paramLabel = "NAME", description = "Only this stack (default: all).")
    String stackName;

    @Option(names = "--yes", description = "Record what was found (without it, only lists it, unless there is no"
            + " inventory to lose).")
    boolean yes;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("try") // the agent lock only has to be held while the body runs
    public Integer call() {
        options.applyLogLevel(Level.WARN);
        options.applyLogFormat();
        AgentConfig config = options.load();
        List<String> stacks = StackSelection.select(config, stackName).stream().map(StackConfig::name).toList();
        Set<String> configured = config.stacks().stream().map(StackConfig::name).collect(Collectors.toSet());
        PrintWriter out = spec.commandLine().getOut();
        try (AgentLock lock = AgentLock.acquireFor(config.stateDir(), NAME);
             Providers providers = Providers.create(config.providers())) {
            RebuiltStore.ensureUnused(config.stateDir());
            RebuiltStore.Inspection store = RebuiltStore.inspect(config.stateDir());
            List<Provider> all = config.providers().stream().map(ProviderConfig::name).map(providers::require)
                    .toList();
            OwnershipFindings findings = scan(stacks, configured, all);
            print(findings, all, out);
            if (!yes && !store.nothingToLose()) {
                out.println(wouldDo(store, findings));
                out.println("Nothing was written; run again with --yes to record them.");
                return ExitCodes.OK;
            }
            record(config.stateDir(), findings, out);
        }
        return ExitCodes.OK;
    }

    private OwnershipFindings scan(List<String> stacks, Set<String> configured, List<Provider> providers) {
        try {
            return InventoryRebuild.scan(stacks, configured, stackName == null, providers);
        } catch (PlumblineException e) {
            throw new TransientException(e.reason(), e.getMessage() + ". Nothing was written: a rebuild reads every"
                    + " provider before it records anything.", e);
        }
    }

    private void record(Path stateDir, OwnershipFindings findings, PrintWriter out) {
        try (RebuiltStore.Opened opened = RebuiltStore.open(stateDir, Clock.systemUTC())) {
            opened.keptAside().forEach(path -> out.println("Kept aside: " + path));
            for (InventoryRebuild.Recorded recorded : InventoryRebuild.record(opened.store(), findings,
                    LeaseHolder.thisProcess("cli"))) {
                out.println(recorded.stack() + ": recorded " + objects(recorded.written())
                        + (recorded.known() == 0 ? "" : " (" + recorded.known() + " more were in the inventory"
                        + " already and stay as they were)"));
            }
        }
        StateFileCheck.Result check = StateFileCheck.check(stateDir);
        if (check.refuses()) {
            throw new StalledException(check.reason(), check.problem());
        }
        out.println("The inventory is rebuilt in " + check.file() + " (store id " + check.storeId() + "). The next"
                + " run of each stack records the content hashes, writing nothing to the targets; `plumbline plan`"
                + " shows what it would change.");
    }

    private static void print(OwnershipFindings findings, List<Provider> providers, PrintWriter out) {
        out.println("Read the ownership records of " + (providers.isEmpty() ? "no provider"
                : (providers.size() == 1 ? "provider " : "providers ")
                + String.join(", ", providers.stream().map(Provider::name).toList())) + "; nothing was written to"
                + " them.");
        for (StackFindings stack : findings.stacks()) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            stack.byProvider().forEach((provider, owned) -> counts.put(provider, owned.size()));
            out.println(stack.stack() + ": " + (stack.count() == 0 ? "nothing found"
                    : objects(stack.count()) + " (" + perProvider(counts) + ")"));
            List<Owned> owned = stack.owned();
            owned.stream().limit(SHOWN).forEach(one -> out.println("  " + line(one)));
            if (owned.size() > SHOWN) {
                out.println("  ... and " + (owned.size() - SHOWN) + " more");
            }
        }
        findings.skipped().forEach((stack, counts) -> out.println("Skipped: stack '" + stack + "' is not in the"
                + " config, so what it owns is not recorded: " + objects(counts.values().stream()
                .mapToInt(Integer::intValue).sum()) + " (" + perProvider(counts) + ")."));
        findings.unscannable().forEach(provider -> out.println("Provider " + provider + " cannot list what it"
                + " owns, so nothing of it is recorded: what the stacks still desire there, their next run records;"
                + " what they no longer desire is not pruned."));
    }

    private static String line(Owned owned) {
        return owned.key().provider() + ": " + owned.key().display() + " from revision " + owned.record().revision()
                + (owned.record().adopted() ? ", adopted (prune leaves it in place)" : "");
    }

    private static String wouldDo(RebuiltStore.Inspection store, OwnershipFindings findings) {
        StateFileCheck.Result check = store.check();
        if (store.startsOver()) {
            List<String> names = store.inTheWay().stream().map(path -> path.getFileName().toString()).toList();
            return "The state store " + check.file() + " is refused (" + check.reason() + "): with --yes, "
                    + (names.isEmpty() ? "" : String.join(", ", names) + (names.size() == 1 ? " is" : " are")
                    + " kept aside as <name>.replaced-<time>, and ") + "the " + objects(findings.count())
                    + " found " + (findings.count() == 1 ? "is" : "are") + " recorded in a new store.";
        }
        return "The state store " + check.file() + " holds " + store.inventoryRows() + (store.inventoryRows() == 1
                ? " inventory row" : " inventory rows") + ": with --yes, what it lacks of the "
                + objects(findings.count()) + " found is recorded beside what it holds.";
    }

    private static String perProvider(Map<String, Integer> counts) {
        return String.join(", ", counts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
    }

    private static String objects(int count) {
        return count + (count == 1 ? " object" : " objects");
    }
}
