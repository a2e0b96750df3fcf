package dev.plumbline.engine.apply;

import dev.plumbline.provider.ApplyResult;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of executing a plan: one result per change run, in order, and whether the run was
 * abandoned because the agent is stopping.
 */
public record ExecutionResult(List<ChangeResult> results, boolean abandoned) {

    public ExecutionResult {
        results = List.copyOf(results);
    }

    public Optional<ChangeResult> firstFailure() {
        return results.stream().filter(r -> r.status() == ChangeResult.Status.FAILED).findFirst();
    }

    public boolean succeeded() {
        return !abandoned && firstFailure().isEmpty();
    }

    public int count(ApplyResult.Outcome outcome) {
        return (int) results.stream()
                .filter(r -> r.result().map(ApplyResult::outcome).orElse(null) == outcome).count();
    }
}
