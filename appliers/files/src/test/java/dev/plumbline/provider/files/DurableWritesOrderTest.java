package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writes of one call run interleaved across their directories, and every one of them lands. */
class DurableWritesOrderTest {

    @TempDir
    Path root;

    private static DurableWrites.Write write(Path target) {
        return new DurableWrites.Write(target, target.getFileName().toString().getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void theOrderTakesOneWriteFromEachDirectoryInTurn() {
        List<DurableWrites.Write> writes = new ArrayList<>();
        for (String name : List.of("a/1", "a/2", "a/3", "b/1", "c/1", "c/2")) {
            writes.add(write(root.resolve(name)));
        }

        int[] order = DurableWrites.acrossDirectories(writes);

        assertThat(order).containsExactly(0, 3, 4, 1, 5, 2);
    }

    @Test
    void everyWriteLandsWithItsOwnBytesWhateverTheOrder() throws Exception {
        List<DurableWrites.Write> writes = new ArrayList<>();
        for (int index = 0; index < 50; index++) {
            Path directory = Files.createDirectories(root.resolve("d" + index / 10));
            writes.add(write(directory.resolve("f" + index)));
        }

        try (DurableWrites durable = new DurableWrites()) {
            var written = durable.writeAll(writes);

            assertThat(written).hasSize(50);
            for (int index = 0; index < 50; index++) {
                Path target = writes.get(index).target();
                assertThat(Files.readString(target)).isEqualTo("f" + index);
                assertThat(written.get(index).size()).isEqualTo(("f" + index).length());
            }
        }
    }
}
