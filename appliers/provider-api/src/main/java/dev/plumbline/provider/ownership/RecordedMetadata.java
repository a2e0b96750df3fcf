package dev.plumbline.provider.ownership;

import dev.plumbline.model.Resource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code metadata.labels} and {@code metadata.annotations} of a resource whose target cannot carry them
 * (a file, an etcd key, a role): its provider keeps them in the object's ownership record and reads them back
 * with it, so that they are compared like any other field and a manifest can use them as it would on
 * Kubernetes. Routing annotations ({@code plumbline.dev/...}) never get here: they are taken out of the
 * document when it is read.
 */
public record RecordedMetadata(Map<String, String> labels, Map<String, String> annotations) {

    public static final RecordedMetadata NONE = new RecordedMetadata(Map.of(), Map.of());

    public RecordedMetadata {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    /** What {@code resource} asks to be kept (labels and annotations are text maps once rendered). */
    public static RecordedMetadata of(Resource resource) {
        return new RecordedMetadata(text(resource.labels()), text(resource.annotations()));
    }

    public boolean isEmpty() {
        return labels.isEmpty() && annotations.isEmpty();
    }

    /**
     * The {@code metadata} part of a live state, as {@link Resource#state()} has it: labels and annotations
     * each only when there are any; an empty map when there are none.
     */
    public Map<String, Object> state() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (!labels.isEmpty()) {
            metadata.put("labels", labels);
        }
        if (!annotations.isEmpty()) {
            metadata.put("annotations", annotations);
        }
        return metadata;
    }

    private static Map<String, String> text(Map<String, Object> map) {
        Map<String, String> text = new TreeMap<>();
        map.forEach((key, value) -> text.put(key, String.valueOf(value)));
        return text;
    }
}
