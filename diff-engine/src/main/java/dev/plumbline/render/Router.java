package dev.plumbline.render;

import java.util.Objects;

/**
 * Which provider a resource goes to when its manifest names none (annotation {@code plumbline.dev/provider}):
 * by its API group and kind. The engine's router sends a resource to the stack's provider when that serves
 * it, else to the one other configured provider that does (a Kubernetes object in a stack of files, a
 * {@code File} in a stack of Kubernetes objects). A render's cache holds while the router is equal to the
 * one it was made with, so a router is one object per stack and config, or a value like {@link #always}.
 */
@FunctionalInterface
public interface Router {

    String providerFor(String group, String kind);

    /**
     * The namespace a resource's key names, given what its manifest says ({@code ""} for none): a provider
     * whose namespaced objects without one go to a default namespace (Kubernetes) puts that one in the key, so
     * that the object has one key whether its manifest names the namespace or not.
     */
    default String namespaceFor(String provider, String group, String kind, String given) {
        return given;
    }

    /** Every resource to {@code provider}. */
    static Router always(String provider) {
        return new Always(provider);
    }

    /** Every resource to one provider, compared by its name. */
    record Always(String provider) implements Router {
        public Always {
            Objects.requireNonNull(provider, "provider");
        }

        @Override
        public String providerFor(String group, String kind) {
            return provider;
        }
    }
}
