package dev.plumbline.provider.files;

import static dev.plumbline.provider.files.FileManifests.create;
import static dev.plumbline.provider.files.FileManifests.file;
import static dev.plumbline.provider.files.FileManifests.pathOfBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.StackScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files provider on disk: atomic writes, modes, and paths that try to leave the root. */
class FilesProviderSafetyTest {

    private static final ApplyContext CONTEXT = new ApplyContext("web", "rev1", Instant.parse("2025-06-01T12:00:00Z"));

    @TempDir
    Path dir;

    private Path root;
    private Path outside;
    private FilesProvider provider;
    private StackDriver web;

    @BeforeEach
    void setUp() throws IOException {
        root = dir.resolve("root");
        outside = Files.createDirectories(dir.resolve("outside"));
        provider = new FilesProvider("local", root);
        web = new StackDriver(provider, "web");
    }

    @Test
    void aLongNameOfFourByteCharactersIsWrittenItsTemporaryFileCutBetweenCharacters() throws IOException {
        String emoji = "a" + "\uD83D\uDE00".repeat(40) + ".txt"; // 165 bytes in UTF-8, a valid name
        web.reconcile("rev1", List.of(file("smile", emoji, "ok")), true);

        assertThat(Files.readString(root.resolve(emoji))).isEqualTo("ok");
        String temp = AtomicFile.tempName(emoji);
        assertThat(temp).startsWith(".a" + "\uD83D\uDE00".repeat(15) + AtomicFile.TEMP_MARKER);
        assertThat(temp.codePoints().noneMatch(c -> Character.isSurrogate((char) c))).as("no half character").isTrue();
    }

    @Test
    void theRecordOfAFileWrittenFromASecretIsReadableByTheAgentOnly() throws IOException {
        Resource plain = file("plain", "plain.conf", "public");
        Resource secret = file("secret", "secret.conf", "x");
        java.util.Map<String, Object> spec = new java.util.LinkedHashMap<>(secret.spec());
        spec.put("content", new dev.plumbline.model.Sensitive("hunter2"));
        java.util.Map<String, Object> document = new java.util.LinkedHashMap<>(secret.document());
        document.put("spec", spec);

        web.reconcile("rev1", List.of(plain, secret.withDocument(document)), true);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                root.resolve(".plumbline/stacks/web/secret.conf.yaml")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                root.resolve(".plumbline/stacks/web/plain.conf.yaml")))).isEqualTo("rw-r--r--");
    }

    @Test
    void aRecordIsNoMoreReadableThanTheFileItDescribes() throws IOException {
        List<Resource> files = List.of(file("private", "private.conf", "x", "0600"),
                file("group", "group.conf", "x", "0640"), file("others", "others.conf", "x", "0604"),
                file("plain", "plain.conf", "x", "0644"), file("script", "run.sh", "x", "0755"));

        web.reconcile("rev1", files, true);

        assertThat(permissions(".plumbline/stacks/web/private.conf.yaml")).isEqualTo("rw-------");
        assertThat(permissions(".plumbline/stacks/web/group.conf.yaml")).isEqualTo("rw-r-----");
        assertThat(permissions(".plumbline/stacks/web/others.conf.yaml")).isEqualTo("rw----r--");
        assertThat(permissions(".plumbline/stacks/web/plain.conf.yaml")).isEqualTo("rw-r--r--");
        assertThat(permissions(".plumbline/stacks/web/run.sh.yaml")).isEqualTo("rw-r--r--");

        web.reconcile("rev2", List.of(file("plain", "plain.conf", "x", "0600")), false);
        assertThat(permissions(".plumbline/stacks/web/plain.conf.yaml")).as("the mode follows the file's")
                .isEqualTo("rw-------");
    }

    @Test
    void atomicWritesLeaveNoTemporaryFiles() throws IOException {
        web.reconcile("rev1", List.of(file("a", "a.conf", "one"), file("b", "deep/down/b.conf", "two")), true);
        web.reconcile("rev2", List.of(file("a", "a.conf", "three"), file("b", "deep/down/b.conf", "four")), true);

        assertThat(tree(root)).containsExactlyInAnyOrder(".plumbline/stacks/web/a.conf.yaml",
                ".plumbline/stacks/web/deep/down/b.conf.yaml", "a.conf", "deep/down/b.conf");
        assertThat(Files.readString(root.resolve("deep/down/b.conf"))).isEqualTo("four");
    }

    @Test
    void appliesTheModeAndReadsItBack() throws IOException {
        Resource secret = file("secret", "secret.env", "TOKEN=x\n", "0600");
        Resource script = file("script", "bin/run.sh", "#!/bin/sh\n", "755");
        Resource plain = file("plain", "plain.txt", "hello");

        web.reconcile("rev1", List.of(secret, script, plain), true);

        assertThat(permissions("secret.env")).isEqualTo("rw-------");
        assertThat(permissions("bin/run.sh")).isEqualTo("rwxr-xr-x");
        assertThat(permissions("plain.txt")).isEqualTo("rw-r--r--");
        assertThat(web.observe(List.of(script)).get(script.key()).state())
                .isEqualTo(provider.normalize(script).state());

        Files.setPosixFilePermissions(root.resolve("plain.txt"), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(web.plan(List.of(secret, script, plain), true).changes())
                .filteredOn(change -> change.action() == Action.UPDATE).singleElement()
                .satisfies(change -> assertThat(change.diff()).singleElement().satisfies(field -> {
                    assertThat(field.path()).hasToString("spec.mode");
                    assertThat(field.live()).isEqualTo("0666");
                    assertThat(field.desired()).isEqualTo("0644");
                }));
    }

    @Test
    void pathsWithDotDotOrAbsoluteAreRefusedEvenWithoutValidation() throws IOException {
        for (String path : List.of("../outside/escaped.conf", "a/../../outside/escaped.conf", outside + "/abs.conf")) {
            Resource escape = file("escape", path, "pwned");

            assertThat(provider.validate(List.of(escape))).as(path).hasSize(1);
            StalledException refused = catchThrowableOfType(StalledException.class,
                    () -> provider.apply(create(escape), CONTEXT));
            assertThat(refused.reason()).as(path).isEqualTo("InvalidManifest");
        }
        assertThat(tree(outside)).isEmpty();
        assertThat(root).doesNotExist();
    }

    @Test
    void aSymlinkedDirectoryPointingOutsideIsRefused() throws IOException {
        Files.createDirectories(root);
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.writeString(outside.resolve("victim.conf"), "original");
        Resource through = file("through", "link/victim.conf", "pwned");
        assertThat(provider.validate(List.of(through))).isEmpty();

        StalledException onObserve = catchThrowableOfType(StalledException.class, () -> web.observe(List.of(through)));
        StalledException onApply = catchThrowableOfType(StalledException.class,
                () -> provider.apply(create(through), CONTEXT));
        StalledException onNewFile = catchThrowableOfType(StalledException.class,
                () -> provider.apply(create(file("fresh", "link/sub/new.conf", "pwned")), CONTEXT));

        assertThat(List.of(onObserve, onApply, onNewFile)).extracting(StalledException::reason)
                .containsOnly("UnsafePath");
        assertThat(onApply.getMessage()).contains(root.resolve("link") + " is a symbolic link (to " + outside + ")");
        assertThat(tree(outside)).containsExactly("victim.conf");
        assertThat(Files.readString(outside.resolve("victim.conf"))).isEqualTo("original");
        assertThat(LedgerFiles.read(root, "web")).isEmpty();
    }

    @Test
    void aTargetThatIsASymlinkIsNeitherReadWrittenNorRemoved() throws IOException {
        Resource a = file("a", "conf/a.conf", "mine");
        web.reconcile("rev1", List.of(a), true);
        Path secret = Files.writeString(outside.resolve("secret"), "secret");
        Files.delete(root.resolve("conf/a.conf"));
        Files.createSymbolicLink(root.resolve("conf/a.conf"), secret);
        Change delete = new Change(Action.DELETE, a.key(), Optional.empty(),
                Optional.of(LiveObject.unmanaged(a.key(), provider.normalize(a).state())), List.of());

        StalledException onObserve = catchThrowableOfType(StalledException.class, () -> web.observe(List.of(a)));
        StalledException onApply = catchThrowableOfType(StalledException.class,
                () -> provider.apply(create(a), CONTEXT));
        StalledException onDelete = catchThrowableOfType(StalledException.class,
                () -> provider.delete(delete, CONTEXT));

        assertThat(List.of(onObserve, onApply, onDelete)).extracting(StalledException::reason)
                .containsOnly("UnsafePath");
        assertThat(Files.readString(secret)).isEqualTo("secret");
        assertThat(Files.isSymbolicLink(root.resolve("conf/a.conf"))).isTrue();
    }

    @Test
    void leftoverTemporaryFilesFromACrashAreRemovedOnTheNextWrite() throws IOException {
        Files.createDirectories(root.resolve("conf"));
        Files.createDirectories(root.resolve(".plumbline/stacks/web/conf"));
        Files.writeString(root.resolve("conf/.a.conf.plumbline-tmp-0123456789abcdef"), "half writ");
        Files.writeString(root.resolve(".plumbline/stacks/web/conf/.a.conf.yaml.plumbline-tmp-00ff00ff00ff00ff"),
                "path: con");
        Files.writeString(root.resolve(".plumbline/stacks/.web.yaml.plumbline-tmp-00ff00ff00ff00ff"), "stack: w");
        Files.writeString(root.resolve("conf/.hidden-but-not-ours"), "keep");

        web.reconcile("rev1", List.of(file("a", "conf/a.conf", "whole")), true);

        assertThat(tree(root)).containsExactlyInAnyOrder(".plumbline/stacks/web/conf/a.conf.yaml", "conf/a.conf",
                "conf/.hidden-but-not-ours");
    }

    @Test
    void aFailedReadIsATransientObserveFailureNamingThePath() throws IOException {
        // a path of 4095 bytes whose directories exist: validation refuses it under any root (see
        // FilesValidationTest), but observe, which is not asked to check it, finds the kernel refusing it
        String deep = pathOfBytes(3846);
        String directories = deep.substring(0, deep.length() - "/f".length());
        Files.createDirectories(root.resolve(directories));
        String tooLong = directories + "/" + "x".repeat(250);
        Resource resource = file("long", tooLong, "text");

        TransientException failed = catchThrowableOfType(TransientException.class,
                () -> provider.observe(new StackScope("web"), List.of(resource), List.of()));

        assertThat(failed.reason()).isEqualTo("ObserveFailed");
        assertThat(failed.getMessage()).startsWith("cannot read " + root.resolve(tooLong) + ": ");
    }

    @Test
    void aRecordThatCannotBeParsedIsReportedWithItsPath() throws IOException {
        Path record = LedgerFiles.record(root, "web", "conf/a.conf");
        Files.createDirectories(record.getParent());
        Files.writeString(record, "path: conf/a.conf\nresource: a\n");

        TransientException failed = catchThrowableOfType(TransientException.class,
                () -> web.observe(List.of(file("a", "conf/a.conf", "x"))));

        assertThat(failed.reason()).isEqualTo("LedgerUnreadable");
        assertThat(failed.getMessage()).contains(record.toString()).contains("needs 'revision'");
    }

    @Test
    void aRecordInTheWrongPlaceIsReportedWithWhereItBelongs() throws IOException {
        web.reconcile("rev1", List.of(file("a", "conf/a.conf", "x")), true);
        Path misplaced = LedgerFiles.record(root, "web", "other/a.conf");
        Files.createDirectories(misplaced.getParent());
        Files.copy(LedgerFiles.record(root, "web", "conf/a.conf"), misplaced);

        TransientException failed = catchThrowableOfType(TransientException.class,
                () -> web.observe(List.of(file("a", "conf/a.conf", "x"))));

        assertThat(failed.reason()).isEqualTo("LedgerUnreadable");
        assertThat(failed.getMessage()).contains(misplaced.toString())
                .contains("whose record belongs at " + LedgerFiles.record(root, "web", "conf/a.conf"));
    }

    @Test
    void aSymlinkInsideTheLedgerIsRefused() throws IOException {
        web.reconcile("rev1", List.of(file("a", "conf/a.conf", "x")), true);
        Path record = LedgerFiles.record(root, "web", "conf/a.conf");
        Path elsewhere = Files.move(record, outside.resolve("a.conf.yaml"));
        Files.createSymbolicLink(record, elsewhere);

        StalledException onObserve = catchThrowableOfType(StalledException.class,
                () -> web.observe(List.of(file("a", "conf/a.conf", "x"))));
        StalledException onApply = catchThrowableOfType(StalledException.class,
                () -> provider.apply(create(file("a", "conf/a.conf", "y")), CONTEXT));

        assertThat(List.of(onObserve, onApply)).extracting(StalledException::reason).containsOnly("UnsafePath");
        assertThat(Files.readString(root.resolve("conf/a.conf"))).isEqualTo("x");
    }

    @Test
    void aLinkedDirectoryAnywhereInALargeLedgerIsRefusedThoughItsDirectoriesAreWalkedInParallel() throws IOException {
        List<dev.plumbline.model.Resource> many = FileManifests.many(200, 5, "x");
        web.reconcile("rev1", many, true);
        Path deep = LedgerFiles.record(root, "web", "conf/d33/file-165.conf").getParent();
        Files.createSymbolicLink(deep.resolve("sneaky"), outside);
        Path top = LedgerFiles.directory(root, "web");

        FilesProvider fresh = new FilesProvider("local", root); // walks the ledger on its first observe
        StalledException inside = catchThrowableOfType(StalledException.class,
                () -> new StackDriver(fresh, "web").observe(many));
        Files.delete(deep.resolve("sneaky"));
        Files.createSymbolicLink(top.resolve("atTheTop"), outside);
        StalledException atTheTop = catchThrowableOfType(StalledException.class,
                () -> new StackDriver(new FilesProvider("local", root), "web").observe(many));

        assertThat(List.of(inside, atTheTop)).extracting(StalledException::reason).containsOnly("UnsafePath");
        assertThat(inside.getMessage()).contains("sneaky");
        assertThat(atTheTop.getMessage()).contains("atTheTop");
    }

    @Test
    void aPathBlockedByAFileOrADirectoryIsAConflict() throws IOException {
        Files.createDirectories(root.resolve("taken/dir.conf"));
        Files.writeString(root.resolve("plain"), "a file");

        StalledException directory = catchThrowableOfType(StalledException.class,
                () -> provider.apply(create(file("d", "taken/dir.conf", "x")), CONTEXT));
        StalledException parent = catchThrowableOfType(StalledException.class,
                () -> provider.apply(create(file("p", "plain/below.conf", "x")), CONTEXT));

        assertThat(directory.reason()).isEqualTo("PathConflict");
        assertThat(directory.getMessage()).contains("is a directory");
        assertThat(parent.reason()).isEqualTo("PathConflict");
        assertThat(parent.getMessage()).contains(root.resolve("plain") + " is a file, not a directory");
    }

    @Test
    void theLongestPathValidationAcceptsIsWrittenEvenForAStackOfTheLongestName() throws IOException {
        String stack = "s".repeat(PathLimits.LONGEST_STACK);
        // the longest path written is the ledger record's temporary file:
        // <root>/.plumbline/stacks/<stack>/d.../.f.yaml.plumbline-tmp-<16 hex>
        int longest = PathLimits.PATH_MAX - PathLimits.bytes(root.toString()) - "/.plumbline/stacks/".length()
                - stack.length() - "/".length() - ".f.yaml.plumbline-tmp-0123456789abcdef".length() + "f".length();
        Resource fits = file("fits", pathOfBytes(longest), "x");
        Resource over = file("over", pathOfBytes(longest + 1), "x");
        assertThat(provider.validate(List.of(over))).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("shorten the path by at least 1 byte"));

        new StackDriver(provider, stack).reconcile("rev1", List.of(fits), true);
        Throwable unvalidated = catchThrowable(() -> provider.apply(create(over),
                new ApplyContext(stack, "rev1", CONTEXT.now())));

        assertThat(Files.readString(root.resolve(pathOfBytes(longest)))).isEqualTo("x");
        assertThat(unvalidated).as("one byte more, unvalidated, is more than Linux takes")
                .isInstanceOf(PlumblineException.class).hasMessageContaining("File name too long");
    }

    private String permissions(String path) throws IOException {
        return PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve(path), LinkOption.NOFOLLOW_LINKS));
    }

    /** Every non-directory under {@code top}, relative, with '/' separators. */
    private static List<String> tree(Path top) throws IOException {
        if (!Files.exists(top)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(top)) {
            return walk.filter(path -> !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
                    .map(path -> top.relativize(path).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }
}
