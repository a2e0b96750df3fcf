package dev.plumbline.render;

import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.Problem;
import dev.plumbline.yaml.Read;
import dev.plumbline.yaml.YamlParser;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Renders a stack's manifest files into resources: every YAML document is one resource, variables are
 * substituted, positions are kept, and every problem in every file is reported at once (syntax errors,
 * duplicate keys, missing identity fields, unknown variables, two documents with one identity).
 * A file whose blob id, provider and variables are those it had in its stack's previous render comes from
 * a cache instead of being read and parsed again, so a commit that changes one file of many parses one.
 * Pure apart from that cache; safe to share between threads. Many files to parse at once (a stack's first
 * render) are parsed on several threads (the common fork-join pool's and the caller's), which changes nothing
 * in the result: resources and problems come in path order whatever order the files were parsed in.
 * Rendering is total and bounded: whatever a file holds, it yields resources or located problems, and a
 * file larger than {@link ManifestFile#MAX_BYTES} or beyond the YAML budgets ({@link YamlParser}: documents
 * per file, values per document, nesting, aliases) is one problem naming the file and the limit. Should
 * rendering one file still fail unexpectedly (a bug), that failure becomes a problem naming the file,
 * without a stack trace, and the other files render as usual.
 */
public final class Renderer {

    /** Renders one file on its own; the renderer guards and caches it. */
    @FunctionalInterface
    interface FileRenderer {
        RenderResult render(ManifestFile file, RenderRequest request);
    }

    /**
     * What a file rendered to, and from what: a later file with the same blob id, provider and vars renders
     * the same. An agent keeps one per manifest file of every stack, so it is kept small: the blob id as its
     * 20 bytes (when it is 40 hex digits, as Git's are), and a file that rendered to one resource and no
     * problem (nearly every file) as that resource alone. {@code path} is the file's path as the result's
     * positions name it, kept as the cache's key too.
     */
    private record Entry(String path, Object blob, Router router, Map<String, String> vars, Object rendered) {

        static Entry of(ManifestFile file, RenderRequest request, RenderResult result) {
            Object rendered = result.problems().isEmpty() && result.resources().size() == 1
                    ? result.resources().get(0) : result;
            return new Entry(file.path(), compact(file.blobId()), request.router(), request.vars(), rendered);
        }

        boolean renders(ManifestFile file, RenderRequest request) {
            return sameBlob(file.blobId()) && router.equals(request.router()) && vars.equals(request.vars());
        }

        /** Adds what the file rendered to. */
        void addTo(List<Resource> resources, List<Problem> problems) {
            if (rendered instanceof Resource resource) {
                resources.add(resource);
            } else {
                RenderResult result = (RenderResult) rendered;
                resources.addAll(result.resources());
                problems.addAll(result.problems());
            }
        }

        private boolean sameBlob(String id) {
            if (!(blob instanceof byte[] bytes)) {
                return blob.equals(id);
            }
            if (id.length() != 2 * bytes.length) {
                return false;
            }
            for (int i = 0; i < bytes.length; i++) { // a digit that is not one (-1) matches no half of a byte
                if (hexDigit(id.charAt(2 * i)) != (bytes[i] >> 4 & 0xf)
                        || hexDigit(id.charAt(2 * i + 1)) != (bytes[i] & 0xf)) {
                    return false;
                }
            }
            return true;
        }

        /** A blob id of 40 lower-case hex digits (Git's) as its 20 bytes; any other as it is. */
        private static Object compact(String id) {
            if (id.length() != 40 || !id.chars().allMatch(c -> hexDigit((char) c) >= 0)) {
                return id;
            }
            return HexFormat.of().parseHex(id);
        }

        /** The value of a lower-case hex digit, or -1. */
        private static int hexDigit(char c) {
            return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        }
    }

    private static final int MAX_DETAIL = 200;

    /** By stack, by path: what each file of the stack's last render rendered to. */
    private final Map<String, Map<String, Entry>> cache = new HashMap<>();
    private final FileRenderer fileRenderer;

    public Renderer() {
        this(Renderer::parse);
    }

    /** A renderer with another per-file step, for tests of the guard around it. */
    Renderer(FileRenderer fileRenderer) {
        this.fileRenderer = fileRenderer;
    }

    /**
     * Renders the request's files; a file whose blob id, provider and vars are those it had in the stack's
     * previous render comes from the cache without being read or parsed. The cache keeps, for each stack,
     * exactly the files of its latest render. {@link RenderResult#parsed()} counts the files parsed.
     */
    public RenderResult render(RenderRequest request) {
        List<ManifestFile> files = new ArrayList<>(request.files());
        files.sort(Comparator.comparing(ManifestFile::path));
        Map<String, Entry> previous;
        synchronized (cache) {
            previous = cache.getOrDefault(request.stack(), Map.of());
        }
        Map<String, Entry> next = new HashMap<>(files.size() * 4 / 3 + 1);
        Entry[] cached = new Entry[files.size()];
        List<ManifestFile> unknown = new ArrayList<>();
        for (int index = 0; index < files.size(); index++) {
            ManifestFile file = files.get(index);
            Entry known = previous.get(file.path());
            if (known != null && known.renders(file, request)) {
                cached[index] = known;
            } else {
                unknown.add(file);
            }
        }
        Iterator<Rendered> freshOnes = renderAll(unknown, request).iterator();
        List<Resource> resources = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int index = 0; index < files.size(); index++) {
            ManifestFile file = files.get(index);
            Entry known = cached[index];
            if (known != null) {
                next.put(known.path(), known); // the path its resources' positions name: one copy of it
                known.addTo(resources, problems);
            } else {
                Rendered fresh = freshOnes.next();
                if (fresh.cacheable()) {
                    next.put(file.path(), Entry.of(file, request, fresh.result()));
                }
                resources.addAll(fresh.result().resources());
                problems.addAll(fresh.result().problems());
            }
        }
        int parsed = unknown.size();
        synchronized (cache) {
            cache.put(request.stack(), next);
        }
        Map<ResourceKey, Location> seen = new HashMap<>();
        List<Resource> unique = new ArrayList<>();
        for (Resource resource : resources) {
            Location first = seen.putIfAbsent(resource.key(), resource.location());
            if (first != null) {
                problems.add(Problem.at(resource.location(), resource.key().display()
                        + " is already defined at " + first + "; each resource must be defined once"));
            } else {
                unique.add(resource);
            }
        }
        return new RenderResult(unique, problems, files.size(), parsed);
    }

    /** Drops every cached file (a hard refresh). */
    public void clearCache() {
        synchronized (cache) {
            cache.clear();
        }
    }

    /** One file's result, and whether it may be cached (not an unexpected failure: that is tried again). */
    private record Rendered(RenderResult result, boolean cacheable) {
    }

    /**
     * The files, each rendered, in their order. Many files (a stack's first render, after a start or in a one-shot
     * command) are rendered on the common fork-join pool as well as on this thread, each file on its own;
     * what comes out does not depend on it. A failure that ends the render (a file that cannot be read from
     * the repository, an error of the JVM) is thrown here as it was thrown, the first in path order.
     */
    private List<Rendered> renderAll(List<ManifestFile> files, RenderRequest request) {
        List<Outcome> outcomes = files.size() < PARALLEL_FROM
                ? files.stream().map(file -> outcome(file, request)).toList()
                : files.parallelStream().map(file -> outcome(file, request)).toList();
        List<Rendered> rendered = new ArrayList<>(files.size());
        for (Outcome outcome : outcomes) {
            if (outcome.failure() instanceof RuntimeException failure) {
                throw failure;
            }
            if (outcome.failure() instanceof Error failure) {
                throw failure;
            }
            rendered.add(outcome.rendered());
        }
        return rendered;
    }

    /** From how many files to parse on a render the work is shared among threads. */
    private static final int PARALLEL_FROM = 32;

    /** One file rendered, or what ended the render there (carried back to the calling thread as it was). */
    private record Outcome(Rendered rendered, Throwable failure) {
    }

    private Outcome outcome(ManifestFile file, RenderRequest request) {
        try {
            return new Outcome(renderFile(file, request), null);
        } catch (RuntimeException | Error e) {
            return new Outcome(null, e);
        }
    }

    /**
     * One file rendered; an unexpected failure is a problem of the file. A failure to read it from the
     * repository is no fault of the file: it goes on, and the run fails with it.
     */
    private Rendered renderFile(ManifestFile file, RenderRequest request) {
        try {
            return new Rendered(fileRenderer.render(file, request), true);
        } catch (PlumblineException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            return new Rendered(unexpected(file, e), false);
        }
    }

    /** An unexpected failure as a problem of the file: what failed, in one line, and what to do. */
    private static RenderResult unexpected(ManifestFile file, Throwable failure) {
        String detail = failure.getMessage() == null ? "" : failure.getMessage().strip().lines().findFirst()
                .orElse("").strip();
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL) + "...";
        }
        String what = failure.getClass().getSimpleName() + (detail.isEmpty() ? "" : ": " + detail);
        return new RenderResult(List.of(), List.of(Problem.at(Location.file(file.path()), "this file could not"
                + " be rendered: Plumbline failed unexpectedly on it (" + what + "); the other files were"
                + " rendered. This is a bug in Plumbline: please report it with the file")));
    }

    private static RenderResult parse(ManifestFile file, RenderRequest request) {
        if (ManifestFile.tooLarge(file.size())) {
            return new RenderResult(List.of(), List.of(Problem.at(Location.file(file.path()), "this file is "
                    + file.size() + " bytes, more than the " + ManifestFile.MAX_BYTES + " (4 MiB) a"
                    + " manifest file may be; split it into several files")));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file.content())).toString();
        } catch (CharacterCodingException e) {
            return new RenderResult(List.of(), List.of(Problem.at(Location.file(file.path()),
                    "not UTF-8 text; manifests must be UTF-8 YAML")));
        }
        YamlParser.Result parsed = YamlParser.parse(file.path(), text);
        List<Problem> problems = new ArrayList<>(parsed.problems());
        List<Resource> resources = new ArrayList<>();
        if (parsed.ok()) {
            DocumentReader reader = new DocumentReader(file.path(), request.router(),
                    new Interpolator(request.vars()));
            for (Node document : parsed.documents()) {
                Read<Resource> read = reader.read(document);
                read.optional().ifPresent(resources::add);
                problems.addAll(read.problems());
            }
        }
        return new RenderResult(resources, problems);
    }
}
