package dev.plumbline.agent.cli;

import dev.plumbline.problem.Reasons;
import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.plumbline.agent.Workspace;
import dev.plumbline.agent.client.AdminClient;
import dev.plumbline.engine.PreparedPlan;
import dev.plumbline.engine.StackPlanner;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.StackConfig;
import dev.plumbline.plan.PlanDocument;
import dev.plumbline.plan.PlanText;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.StalledException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline plan}: fetches, renders, observes and diffs, changing nothing; {@code --revision} plans any
 * commit (a pull request's head, for a CI system that plans by itself) instead of the followed branch. Prints a block per
 * changed resource and the counts. Exit 0 when live state matches Git, 2 when changes are pending, 1 on
 * any error. With a STACK argument, {@code --server} or {@code --token-file} it asks the running agent
 * instead ({@code GET /api/v1/stacks/{name}/plan}) and prints its answer the same way.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what apply would change: locally from --config, or asked of the running agent"
                + " (plan STACK, --server). Exit 0 no changes, 2 changes pending, 1 error.")
final class PlanCommand implements Callable<Integer> {

    enum Format { text, json }

    @Mixin
    ConfigOptions options;

    @Option(names = "--stack", paramLabel = "NAME", description = "Only this stack (default: all).")
    String stackName;

    @Parameters(index = "0", arity = "0..1", paramLabel = "STACK",
            description = "Ask the running agent for this stack's plan instead of planning locally.")
    String remoteStack;

    @Mixin
    ServerOptions server;

    @Option(names = "--revision", paramLabel = "SHA_OR_REF",
            description = "Plan this commit instead of the followed branch: a SHA, a branch, a tag or a full ref such"
                    + " as refs/pull/7/head (fetched on its own). Local plans only.")
    String revision;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        options.applyLogLevel(Level.WARN);
        if (remoteStack != null || server.given()) {
            if (revision != null) {
                throw new StalledException(Reasons.CONFIG_WITH_SERVER, "--revision plans locally, with --config; the"
                        + " running agent plans the revision its stack follows");
            }
            return remote();
        }
        AgentConfig config = options.load();
        List<StackConfig> stacks = StackSelection.select(config, stackName);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean failed = false;
        boolean changes = false;
        List<Object> documents = new ArrayList<>();
        try (Workspace workspace = Workspace.open(config)) {
            StackPlanner planner = workspace.engine("cli").planner();
            FetchedRevisions revisions = new FetchedRevisions(workspace, java.util.Optional.ofNullable(revision)
                    .map(String::strip).filter(text -> !text.isEmpty()));
            for (StackConfig stack : stacks) {
                try {
                    PreparedPlan prepared = planner.prepare(stack, revisions.snapshot(stack));
                    changes |= prepared.plan().hasChanges();
                    failed |= !prepared.plan().problems().isEmpty();
                    if (format == Format.json) {
                        documents.add(PlanDocument.of(stack.name(), prepared.snapshot().sha(), prepared.plan())
                                .toMap());
                    } else {
                        out.print(PlanText.render(stack.name(), prepared.revisionLine(), prepared.plan()));
                    }
                } catch (PlumblineException e) {
                    failed = true;
                    if (format == Format.json) {
                        documents.add(PlanDocument.error(stack.name(), e).toMap());
                    } else {
                        ErrorReporter.print(e, err);
                    }
                }
            }
        }
        if (format == Format.json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Map.of("stacks", documents)));
        }
        out.flush();
        return failed ? ExitCodes.ERROR : changes ? ExitCodes.CHANGES : ExitCodes.OK;
    }

    /** The plan of one stack, or of every stack the agent has, as the agent computes it now. */
    private int remote() {
        if (spec.commandLine().getParseResult().hasMatchedOption("--config")) {
            throw new StalledException(Reasons.CONFIG_WITH_SERVER, "--config is for a local plan; 'plan STACK' and"
                    + " --server ask the running agent, which plans with its own config");
        }
        if (remoteStack != null && stackName != null && !remoteStack.equals(stackName)) {
            throw new StalledException(Reasons.TWO_STACKS, "name one stack: 'plan " + remoteStack + "' or --stack "
                    + stackName + ", not both");
        }
        String name = remoteStack != null ? remoteStack : stackName;
        AdminClient client = server.client();
        List<JsonNode> documents = new ArrayList<>();
        if (name != null) {
            documents.add(client.plan(name));
        } else {
            for (JsonNode stack : client.stacks().path("stacks")) {
                documents.add(client.plan(stack.path("name").asText()));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean failed = false;
        boolean changes = false;
        for (JsonNode answer : documents) {
            PlanDocument doc = AdminClient.planDocument(answer);
            failed |= doc.failed();
            changes |= doc.hasChanges();
            if (format == Format.text && doc.error().isPresent()) {
                err.print(PlanText.error(doc));
            } else if (format == Format.text) {
                out.print(PlanText.render(doc));
            }
        }
        if (format == Format.json) {
            out.println(AdminClient.pretty(name != null ? documents.get(0)
                    : JsonNodeFactory.instance.objectNode().set("stacks",
                            JsonNodeFactory.instance.arrayNode().addAll(documents))));
        }
        out.flush();
        err.flush();
        return failed ? ExitCodes.ERROR : changes ? ExitCodes.CHANGES : ExitCodes.OK;
    }
}
