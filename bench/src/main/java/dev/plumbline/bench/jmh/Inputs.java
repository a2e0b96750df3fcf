package dev.plumbline.bench.jmh;

import dev.plumbline.bench.agent.AgentConfig;
import dev.plumbline.bench.stack.FileManifests;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Provenance;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.render.ManifestFile;
import dev.plumbline.render.RenderRequest;
import dev.plumbline.render.RenderResult;
import dev.plumbline.render.Renderer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the JMH benchmarks work on: the bench's stack of File manifests as the renderer gets them (path, blob
 * id, bytes), the resources they render to, and live objects and an inventory that match them, as a no-op
 * drift check finds them. Live states are deep copies, so that no comparison is won by identity.
 */
final class Inputs {

    static final String REVISION = "0123456789abcdef0123456789abcdef01234567";

    final List<ManifestFile> files;
    final List<String> texts;
    final List<Resource> resources;
    final Map<ResourceKey, LiveObject> live;
    final Map<ResourceKey, InventoryEntry> inventory;

    private Inputs(List<ManifestFile> files, List<String> texts, List<Resource> resources,
                   Map<ResourceKey, LiveObject> live, Map<ResourceKey, InventoryEntry> inventory) {
        this.files = files;
        this.texts = texts;
        this.resources = resources;
        this.live = live;
        this.inventory = inventory;
    }

    static Inputs of(int size) {
        FileManifests manifests = new FileManifests();
        List<ManifestFile> files = new ArrayList<>(size);
        List<String> texts = new ArrayList<>(size);
        for (int index = 0; index < size; index++) {
            String text = manifests.manifest(index, 0);
            texts.add(text);
            files.add(new ManifestFile(AgentConfig.STACK_PATH + "/" + manifests.path(index),
                    "%040x".formatted(index + 1), text.getBytes(StandardCharsets.UTF_8)));
        }
        RenderResult rendered = new Renderer().render(request(files));
        if (!rendered.ok() || rendered.resources().size() != size) {
            throw new IllegalStateException("the bench's manifests do not render: " + rendered.problems());
        }
        Map<ResourceKey, LiveObject> live = new HashMap<>();
        Map<ResourceKey, InventoryEntry> inventory = new HashMap<>();
        Provenance provenance = new Provenance(AgentConfig.STACK, REVISION, Instant.parse("2026-01-01T00:00:00Z"));
        for (Resource resource : rendered.resources()) {
            live.put(resource.key(), LiveObject.managed(resource.key(), copy(resource.state()), provenance, false));
            inventory.put(resource.key(), new InventoryEntry(resource.key(), resource.hash(), REVISION, false));
        }
        return new Inputs(List.copyOf(files), List.copyOf(texts), rendered.resources(), live, inventory);
    }

    static RenderRequest request(List<ManifestFile> files) {
        return new RenderRequest(AgentConfig.STACK, "target", Map.of(), files);
    }

    /** A deep copy with new strings: equal to the original, sharing nothing with it. */
    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(new String((String) key), copy(item)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(copy(item)));
            return (T) copy;
        }
        if (value instanceof String text) {
            return (T) new String(text);
        }
        return value;
    }
}
