package dev.plumbline.provider.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.IntStream;

/**
 * Work on many files at once, on as many cores as there are (the common fork-join pool and the calling
 * thread): reading files is system calls, which two cores get through in about half the time. A little work
 * runs on the calling thread alone.
 */
final class Parallel {

    /** From how many files to read on they are read in parallel. */
    static final int FILES = 256;

    /** The work for one index; it may fail with an {@link IOException}. */
    interface Task {
        void run(int index) throws IOException;
    }

    private Parallel() {
    }

    /**
     * Runs {@code task} for every index below {@code count}, in parallel when there are at least {@code from};
     * a failure is thrown as the task threw it (the first one, and the rest of the indexes may not run).
     */
    static void forEach(int count, int from, Task task) throws IOException {
        IntStream indexes = IntStream.range(0, count);
        try {
            (count >= from ? indexes.parallel() : indexes).forEach(index -> {
                try {
                    task.run(index);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
