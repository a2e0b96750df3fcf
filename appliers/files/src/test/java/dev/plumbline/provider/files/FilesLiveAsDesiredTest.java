package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.StackScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that holds what its resource asks for, byte for byte and in its mode, is live with the desired spec
 * itself (nothing decoded or copied); a file that differs in a byte or in its mode is live as read.
 */
class FilesLiveAsDesiredTest {

    @TempDir
    Path root;

    private final List<Resource> files = FileManifests.many(3, 3, "one");
    private FilesProvider provider;
    private List<Resource> normal;

    private Map<dev.plumbline.model.ResourceKey, LiveObject> applyAndObserve() {
        provider = new FilesProvider("local", root);
        new StackDriver(provider, "web").at(Instant.parse("2025-06-01T12:00:00Z"))
                .reconcile("9fceb02d0ae598e95dc970b74767f19372d61af8", files, true);
        normal = files.stream().map(provider::normalize).toList();
        return provider.observe(new StackScope("web"), normal, List.of());
    }

    @Test
    void aFileAsDesiredIsLiveWithTheDesiredSpecItself() {
        Map<dev.plumbline.model.ResourceKey, LiveObject> live = applyAndObserve();

        for (Resource resource : normal) {
            Object spec = live.get(resource.key()).state().get("spec");
            assertThat(spec).isSameAs(resource.spec());
            assertThat(live.get(resource.key()).state()).isEqualTo(resource.state());
        }
    }

    @Test
    void aFileThatDiffersInAByteOrInItsModeIsLiveAsRead() throws IOException {
        applyAndObserve();
        Path changed = root.resolve("conf/d0/file-0.conf");
        Files.writeString(changed, "one 0\u00e9\n");
        Path chmodded = root.resolve("conf/d0/file-1.conf");
        Files.setPosixFilePermissions(chmodded, PosixFilePermissions.fromString("rw-------"));

        Map<dev.plumbline.model.ResourceKey, LiveObject> live = provider.observe(new StackScope("web"), normal,
                List.of());

        assertThat(live.get(normal.get(0).key()).state().get("spec")).isNotSameAs(normal.get(0).spec())
                .isEqualTo(Map.of("path", "conf/d0/file-0.conf", "content", "one 0\u00e9\n", "mode", "0644"));
        assertThat(live.get(normal.get(1).key()).state().get("spec")).isNotSameAs(normal.get(1).spec())
                .isEqualTo(Map.of("path", "conf/d0/file-1.conf", "content", "one 1\n", "mode", "0600"));
        assertThat(live.get(normal.get(2).key()).state().get("spec")).isSameAs(normal.get(2).spec());
    }

    @Test
    void eachResourceObjectsFileIsWorkedOutOnce() {
        applyAndObserve();
        long before = provider.specsWorkedOut();

        provider.observe(new StackScope("web"), normal, List.of());
        assertThat(provider.specsWorkedOut()).isEqualTo(before);

        Resource again = normal.get(0).withDocument(normal.get(0).document()); // equal, but another object
        Map<dev.plumbline.model.ResourceKey, LiveObject> live = provider.observe(new StackScope("web"),
                List.of(again, normal.get(1), normal.get(2)), List.of());
        assertThat(provider.specsWorkedOut()).isEqualTo(before + 1);
        assertThat(live.get(again.key()).state()).isEqualTo(again.state());
    }
}
