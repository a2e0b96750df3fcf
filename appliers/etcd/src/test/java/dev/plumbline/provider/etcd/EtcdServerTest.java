package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The test etcd itself: it starts, answers, and is gone after close. */
class EtcdServerTest {

    @Test
    void startsAnswersAndStopsLeavingNothingBehind() {
        String endpoint;
        java.nio.file.Path directory;
        EtcdServer server = new EtcdServer();
        try (EtcdServer etcd = server.start()) {
            endpoint = etcd.endpoint();
            directory = etcd.directory();
            assertThat(etcd.isRunning()).isTrue();
            etcd.put("/probe/a", "1");
            etcd.put("/probe/b", "2");

            assertThat(etcd.get("/probe/a")).hasValue("1");
            assertThat(etcd.getPrefix("/probe/")).containsExactly(
                    java.util.Map.entry("/probe/a", "1"), java.util.Map.entry("/probe/b", "2"));
            assertThat(etcd.modRevision("/probe/missing")).isZero();
            etcd.delete("/probe/a");
            assertThat(etcd.get("/probe/a")).isEmpty();
        }
        assertThat(endpoint).startsWith("http://127.0.0.1:");
        assertThat(server.isRunning()).isFalse();
        assertThat(directory).doesNotExist();
    }

    @Test
    void aMissingBinaryFailsWithHowToInstallIt() {
        assertThatThrownBy(() -> new EtcdServer(java.nio.file.Path.of("/nonexistent/etcd")).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("etcd is not installed; .ci/run installs it (apt-get install etcd-server etcd-client)");
    }

    @Test
    void helpersRefuseToRunBeforeStart() {
        assertThatThrownBy(() -> new EtcdServer().endpoint()).hasMessageContaining("not running");
    }
}
