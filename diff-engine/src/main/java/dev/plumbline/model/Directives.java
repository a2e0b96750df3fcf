package dev.plumbline.model;

/**
 * What a manifest tells Plumbline itself about one resource, through annotations under
 * {@code plumbline.dev/}: these are taken out of the document when it is read, so that no provider writes
 * them and they are not part of the compared state (turning one on does not rewrite the object).
 *
 * @param pruneDisabled {@code plumbline.dev/prune: disabled}: once applied, the object is never pruned; when
 *                      it leaves the manifests it is left in place and reported as orphaned
 * @param wave          {@code plumbline.dev/wave}: the wave it is applied in, lowest first ({@link #WAVE})
 */
public record Directives(boolean pruneDisabled, int wave) {

    /** Directives without a wave (wave 0). */
    public Directives(boolean pruneDisabled) {
        this(pruneDisabled, 0);
    }

    /** The prefix of every annotation that is a directive, not part of the object. */
    public static final String PREFIX = "plumbline.dev/";

    /** Sends one resource to another provider than the stack's default. */
    public static final String PROVIDER = PREFIX + "provider";

    /** {@code disabled}: never prune the object (as Flux's {@code kustomize.toolkit.fluxcd.io/prune}). */
    public static final String PRUNE = PREFIX + "prune";

    /**
     * A whole number: resources are applied wave by wave, lowest first (as Argo CD's sync waves), in the usual
     * order within a wave; deletions run the other way. Without it a resource is in wave 0.
     */
    public static final String WAVE = PREFIX + "wave";

    /** The one value {@link #PRUNE} takes. */
    public static final String PRUNE_DISABLED = "disabled";

    /** No directive: the stack's policy decides. */
    public static final Directives NONE = new Directives(false);
}
