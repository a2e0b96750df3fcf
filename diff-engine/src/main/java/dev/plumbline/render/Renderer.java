package dev.plumbline.render;

import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
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
 */
public final class Renderer {

    private record CacheKey(String path, String blobId, String provider, Map<String, String> vars) {
    }

    private final Map<CacheKey, RenderResult> cache;

    public Renderer() {
        this(2048);
    }

    public Renderer(int cacheEntries) {
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
        RenderResult rendered = parse(file, request);
        synchronized (cache) {
            cache.put(key, rendered);
        }
        return rendered;
    }

    private static RenderResult parse(ManifestFile file, RenderRequest request) {
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
                    new Interpolator(request.vars()), problems);
            for (Node document : parsed.documents()) {
                reader.read(document).ifPresent(resources::add);
            }
        }
        return new RenderResult(resources, problems);
    }
}
