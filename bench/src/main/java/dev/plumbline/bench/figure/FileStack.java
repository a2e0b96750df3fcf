package dev.plumbline.bench.figure;

import dev.plumbline.bench.Scratch;
import dev.plumbline.bench.agent.AgentConfig;
import dev.plumbline.bench.raw.RawRead;
import dev.plumbline.bench.stack.FileManifests;
import dev.plumbline.bench.stack.ManifestRepo;
import java.nio.file.Path;

/**
 * A generated stack of {@code size} File manifests in a repository, and the places Plumbline applies it to:
 * each a directory with a config, a state directory ({@code state/}, holding the mirror) and the target root
 * ({@code live/}).
 */
final class FileStack implements AutoCloseable {

    private final Path home;
    private final ManifestRepo repo;
    private final int size;

    private FileStack(Path home, ManifestRepo repo, int size) {
        this.home = home;
        this.repo = repo;
        this.size = size;
    }

    static FileStack create(Scratch scratch, String name, int size) {
        Path home = scratch.directory(name);
        return new FileStack(home, ManifestRepo.create(home.resolve("infra.git"), AgentConfig.STACK_PATH, size,
                new FileManifests()), size);
    }

    ManifestRepo repo() {
        return repo;
    }

    int size() {
        return size;
    }

    /** A directory for one apply of the stack, with its config written; returns the directory. */
    Path place(String name) {
        Path place = home.resolve(name);
        AgentConfig.write(place, repo.url(), AgentConfig.files());
        return place;
    }

    /** A directory under the stack's home, for a baseline's files. */
    Path scratch(String name) {
        return home.resolve(name);
    }

    static Path config(Path place) {
        return place.resolve("plumbline.yaml");
    }

    static Path live(Path place) {
        return place.resolve("live");
    }

    static Path mirror(Path place) {
        return place.resolve("state").resolve("mirrors").resolve(AgentConfig.SOURCE + ".git");
    }

    /** The raw read of a place, in this JVM: the stack's blobs at the repository's head, and the live files. */
    RawRead.Result rawRead(Path place) {
        RawRead.Result result = RawRead.read(mirror(place), repo.head(), AgentConfig.STACK_PATH, live(place));
        if (result.blobs() != size || result.files() != size) {
            throw new IllegalStateException("the raw read found " + result.blobs() + " blobs and " + result.files()
                    + " live files, not " + size);
        }
        return result;
    }

    @Override
    public void close() {
        repo.close();
    }
}
