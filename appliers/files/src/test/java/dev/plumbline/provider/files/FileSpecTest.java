package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileSpecTest {

    private final FilesProvider provider = new FilesProvider(FileManifests.PROVIDER, java.nio.file.Path.of("/srv"));

    @Test
    void aSpecInNormalFormIsKeptAsItIs() {
        Resource normal = FileManifests.file("site", "nginx/site.conf", "a\nb\n", "0640");

        assertThat(provider.normalize(normal)).isSameAs(normal);
    }

    @Test
    void aSpecInAnotherFormIsNormalised() {
        Resource noMode = FileManifests.file("site", "nginx/site.conf", "a\n");
        Resource loosePath = FileManifests.file("site", "./nginx//site.conf", "a\n", "0644");
        Resource shortMode = FileManifests.file("site", "nginx/site.conf", "a\n", "644");

        for (Resource resource : List.of(noMode, loosePath, shortMode)) {
            Resource normalised = provider.normalize(resource);
            assertThat(normalised).isNotSameAs(resource);
            assertThat(List.copyOf(normalised.spec().keySet())).containsExactly("path", "content", "mode");
            assertThat(normalised.spec()).containsEntry("path", "nginx/site.conf").containsEntry("content", "a\n")
                    .containsEntry("mode", "0644");
            assertThat(provider.normalize(normalised)).isSameAs(normalised);
        }
    }

    @Test
    void aSpecWithItsKeysInAnotherOrderIsWrittenInTheNormalOrder() {
        Resource reordered = dev.plumbline.provider.Manifests.one(FileManifests.PROVIDER, """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: site }
                spec: { mode: "0644", content: "a", path: "nginx/site.conf" }
                """);

        Resource normalised = provider.normalize(reordered);

        assertThat(normalised).isNotSameAs(reordered);
        assertThat(List.copyOf(normalised.spec().keySet())).containsExactly("path", "content", "mode");
    }

    @Test
    void aModeIsShownWithFourOctalDigits() {
        for (int bits = 0; bits <= 0777; bits++) {
            assertThat(new FileMode(bits).text()).isEqualTo(String.format("%04o", bits));
        }
    }
}
