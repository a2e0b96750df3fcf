package dev.plumbline.model;

/**
 * A value of a resource that holds, or will hold, a secret: written in a manifest as
 * {@code ${secret:env:NAME}} or {@code ${secret:file:PATH}}. Rendering keeps it a {@link SecretTemplate}
 * (the reference, no value); the run that compares and applies resolves it into a {@link Sensitive}, in
 * memory only. Providers accept one where a field may carry a secret (a password, a file's content).
 */
public sealed interface SecretValue permits SecretTemplate, Sensitive {
}
