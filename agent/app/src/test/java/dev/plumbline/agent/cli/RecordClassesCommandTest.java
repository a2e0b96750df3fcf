package dev.plumbline.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline record-classes}, which the launcher records its class data archive from: every command it
 * runs gets as far as it is meant to (else the archive silently misses their classes), it leaves nothing
 * behind, prints nothing, and is not in the help.
 */
class RecordClassesCommandTest {

    @TempDir
    Path dir;

    @Test
    void theConfigReadingCommandsSucceedAndOnlyStatusFails() throws IOException {
        List<Integer> codes = RecordClassesCommand.record(dir);

        // status: nothing listens on port 9; validate; plan (text and json): one file to create; apply; a plan
        // that finds it written
        assertThat(codes).containsExactly(ExitCodes.ERROR, ExitCodes.OK, ExitCodes.CHANGES,
                ExitCodes.CHANGES, ExitCodes.OK, ExitCodes.OK);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void itPrintsNothingAndTheHelpDoesNotListIt() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Main.run(new String[] {"record-classes"}, Map.of(), new PrintWriter(out), new PrintWriter(err)))
                .isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEmpty();

        StringWriter help = new StringWriter();
        Main.run(new String[] {"--help"}, Map.of(), new PrintWriter(help), new PrintWriter(new StringWriter()));
        assertThat(help.toString()).contains("plan").doesNotContain("record-classes");
    }
}
