package dev.plumbline.render;

import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.Location;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Renders a stack's manifest files into resources: every YAML document is one resource, variables are
 * substituted, positions are kept, and every problem in every file is reported at once (syntax errors,
 * duplicate keys, missing identity fields, unknown variables, two documents with one identity).
 * Files whose blob id, provider and variables were seen before come from a cache instead of being parsed
 * again. Pure apart from that cache; safe to share between threads.
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

    private record CacheKey(String path, String blobId, String provider, Map<String, String> vars) {
    }

    private static final int MAX_DETAIL = 200;

    private final Map<CacheKey, RenderResult> cache;
    private final FileRenderer fileRenderer;

    public Renderer() {
        this(2048);
    }

    public Renderer(int cacheEntries) {
        this(cacheEntries, Renderer::parse);
    }

    /** A renderer with another per-file step, for tests of the guard around it. */
    Renderer(int cacheEntries, FileRenderer fileRenderer) {
        this.fileRenderer = fileRenderer;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CacheKey, RenderResult> eldest) {
                return size() > cacheEntries;
            }
        };
    }

    public RenderResult render(RenderRequest request) {
        List<ManifestFile> files = new ArrayList<>(request.files());
        files.sort(Comparator.comparing(ManifestFile::path));
        List<Resource> resources = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (ManifestFile file : files) {
            RenderResult rendered = renderFile(file, request);
            resources.addAll(rendered.resources());
            problems.addAll(rendered.problems());
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
        return new RenderResult(unique, problems);
    }

    /** Drops every cached file (a hard refresh). */
    public void clearCache() {
        synchronized (cache) {
            cache.clear();
        }
    }

    private RenderResult renderFile(ManifestFile file, RenderRequest request) {
        CacheKey key = new CacheKey(file.path(), file.blobId(), request.provider(), request.vars());
        synchronized (cache) {
            RenderResult cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        RenderResult rendered;
        try {
            rendered = fileRenderer.render(file, request);
        } catch (RuntimeException | StackOverflowError e) {
            return unexpected(file, e); // not cached: the next render tries again
        }
        synchronized (cache) {
            cache.put(key, rendered);
        }
        return rendered;
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
            DocumentReader reader = new DocumentReader(file.path(), request.provider(),
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
