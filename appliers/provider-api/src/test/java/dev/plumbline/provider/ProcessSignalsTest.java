package dev.plumbline.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessSignalsTest {

    private static char state(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    @Test
    void stopReturnsWithTheProcessStoppedAndResumeWithItRunning() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            ProcessSignals.stop(sleeper.pid());
            assertThat(state(sleeper.pid())).isEqualTo('T');

            ProcessSignals.resume(sleeper.pid());
            assertThat(state(sleeper.pid())).isNotEqualTo('T');
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }
}
