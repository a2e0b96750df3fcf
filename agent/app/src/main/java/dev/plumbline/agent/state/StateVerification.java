package dev.plumbline.agent.state;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code plumbline state verify}: everything that can be said of a state store without changing it. SQLite's
 * integrity and foreign key checks (every finding, not the first only), the Flyway schema version against the
 * newest this build knows, the store id against the marker {@code state.id}, and how many stacks and
 * inventory rows it holds. Read-only, and safe while an agent runs.
 */
public final class StateVerification {

    /** What was found: facts to print, and a sentence per problem (none when the store is sound). */
    public record Report(Path file, List<String> facts, List<String> problems) {
        public Report {
            Objects.requireNonNull(file, "file");
            facts = List.copyOf(facts);
            problems = List.copyOf(problems);
        }

        public boolean sound() {
            return problems.isEmpty();
        }
    }

    private StateVerification() {
    }

    public static Report verify(Path stateDir) {
        StateFileCheck.Result check = StateFileCheck.check(stateDir);
        Path file = check.file();
        List<String> facts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        switch (check.status()) {
            case NEW -> {
                facts.add("no state database yet: Plumbline has not run with this stateDir");
                return new Report(file, facts, problems);
            }
            case MISSING, EMPTY, UNREADABLE, NOT_SQLITE -> {
                problems.add(check.problem());
                return new Report(file, facts, problems);
            }
            default -> {
                // a SQLite database: look at everything
            }
        }
        try (StateFile state = StateFile.open(file)) {
            examine(state, check, facts, problems);
        } catch (SQLException e) {
            problems.add((e.getErrorCode() & 0xff) == 11
                    ? "It is damaged: SQLite says \"" + SqliteErrors.ownWords(e) + "\"."
                    : "SQLite could not read it: " + SqliteErrors.explain(e, SqliteStateStore.BUSY_TIMEOUT) + ".");
        }
        return new Report(file, facts, problems);
    }

    private static void examine(StateFile state, StateFileCheck.Result check, List<String> facts,
                                List<String> problems) throws SQLException {
        List<String> integrity = state.integrityProblems();
        integrity.forEach(line -> problems.add("SQLite's integrity check: " + line + "."));
        if (integrity.isEmpty()) {
            facts.add("integrity_check: ok");
        }
        List<String> keys = state.foreignKeyProblems();
        keys.forEach(line -> problems.add("SQLite's foreign key check: " + line + "."));
        if (keys.isEmpty()) {
            facts.add("foreign_key_check: ok");
        }
        if (!state.tables().contains(StateSchema.HISTORY_TABLE) || state.history().isEmpty()) {
            problems.add("It is not a Plumbline state database: it has no Flyway schema history.");
            return;
        }
        StateSchema.Verdict verdict = StateSchema.judge(state.history());
        if (!verdict.plumbline()) {
            String what = switch (verdict.kind()) {
                case FOREIGN -> "It is not a Plumbline state database: ";
                case NEWER -> "It was written by a newer Plumbline: ";
                default -> "It is damaged: ";
            };
            problems.add(what + verdict.problem() + ".");
            return;
        }
        String newest = StateSchema.newest();
        facts.add("schema: version " + verdict.version() + (verdict.version().equals(newest)
                ? " (the newest this build knows)"
                : "; this build's newest is " + newest + ": the next start brings it up to date"));
        if (check.status() == StateFileCheck.Status.SWAPPED) {
            problems.add(check.problem());
        } else {
            facts.add(storeIdFact(state));
        }
        facts.add("holds: " + StateCounts.of(state));
    }

    private static String storeIdFact(StateFile state) throws SQLException {
        String id = state.storeId().orElse(null);
        if (id == null) {
            return "store id: none yet (the next start gives it one)";
        }
        Optional<String> marker;
        try {
            marker = StoreId.readMarker(state.file().getParent());
        } catch (IOException e) {
            return "store id: " + id + " (" + StoreId.MARKER + " cannot be read: " + e.getMessage() + ")";
        }
        if (marker.isEmpty()) {
            return "store id: " + id + " (no " + StoreId.MARKER + " beside it yet: the next start writes one)";
        }
        return "store id: " + id + (marker.get().isEmpty() ? " (" + StoreId.MARKER + " beside it names no id)"
                : " (matches " + StoreId.MARKER + ")");
    }
}
