package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.problem.TransientException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telling a full disk from other I/O failures, in the shapes Java reports them, and the sentence it fails
 * with. (The real thing, a tmpfs filled up under a running agent, is {@code FullDiskIT} in it-tests.)
 */
class DiskFullTest {

    @TempDir
    Path root;

    @Test
    void noSpaceAndAnExceededQuotaAreAFullDiskInEveryShapeJavaGivesThem() {
        assertThat(DiskFull.is(new IOException("No space left on device"))).as("a write's").isTrue();
        assertThat(DiskFull.is(new FileSystemException("/srv/www/a", null, "No space left on device")))
                .as("a file system call's").isTrue();
        assertThat(DiskFull.is(new IOException("cannot copy", new IOException("No space left on device"))))
                .as("a cause's").isTrue();
        assertThat(DiskFull.is(new IOException("Disk quota exceeded"))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DiskFull.is(new AccessDeniedException("/srv/www/a"))).isFalse();
        assertThat(DiskFull.is(new FileSystemException("/srv/www/a", null, "Operation not permitted"))).isFalse();
        assertThat(DiskFull.is(new IOException("Input/output error"))).isFalse();
        assertThat(DiskFull.is(new IOException((String) null))).isFalse();
    }

    @Test
    void theFailureIsTransientNamesTheFileAndTheRoomLeft() {
        Path file = root.resolve("data/big.txt");

        TransientException failure = DiskFull.failure("write", new FileSystemException(
                root.resolve("data/.big.txt.plumbline-tmp-0123456789abcdef").toString(), null,
                "No space left on device"), file, root);

        assertThat(failure.reason()).isEqualTo("DiskFull");
        assertThat(failure.getMessage()).startsWith("cannot write " + file + ": no space left on device (" + root
                        + " has ").endsWith(" free); free some space there, and the next try writes it")
                .doesNotContain("plumbline-tmp");
        assertThat(failure.retryAfter()).isEmpty();
    }

    @Test
    void anExceededQuotaSaysSo() {
        TransientException failure = DiskFull.failure("write", new IOException("Disk quota exceeded"),
                root.resolve("a"), root);

        assertThat(failure.getMessage()).contains(": disk quota exceeded for the user running Plumbline (")
                .endsWith("; free some space there or raise the quota, and the next try writes it");
    }

    @Test
    void aRootThatCannotBeAskedLeavesTheRoomOut() {
        Path gone = root.resolve("gone");

        assertThat(DiskFull.failure("write", new IOException("No space left on device"), gone.resolve("a"), gone)
                .getMessage()).isEqualTo("cannot write " + gone.resolve("a") + ": no space left on device; free some"
                + " space there, and the next try writes it");
    }

    @Test
    void sizesReadAsAPersonWouldSayThem() {
        assertThat(DiskFull.size(0)).isEqualTo("0 bytes");
        assertThat(DiskFull.size(1)).isEqualTo("1 byte");
        assertThat(DiskFull.size(1023)).isEqualTo("1023 bytes");
        assertThat(DiskFull.size(1024)).isEqualTo("1.0 KiB");
        assertThat(DiskFull.size(812 * 1024)).isEqualTo("812 KiB");
        assertThat(DiskFull.size(3L * 1024 * 1024 * 1024 + 200L * 1024 * 1024)).isEqualTo("3.2 GiB");
    }
}
