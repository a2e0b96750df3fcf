package dev.plumbline.agent.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute names Plumbline's spans carry, in one place so that code, tests and
 * {@code docs/observability.md} say the same. {@code vcs.revision} follows OpenTelemetry's VCS naming;
 * everything else is Plumbline's own and starts with {@code plumbline.}.
 */
public final class SpanAttributes {

    /** The stack reconciled (root span). */
    public static final AttributeKey<String> STACK = AttributeKey.stringKey("plumbline.stack");
    /** The full commit SHA the run worked on (root span), once resolved. */
    public static final AttributeKey<String> REVISION = AttributeKey.stringKey("vcs.revision");
    /** What asked for the run, the trigger's word: poll, webhook, drift, manual, ... (root span). */
    public static final AttributeKey<String> TRIGGER = AttributeKey.stringKey("plumbline.trigger");
    /** How the run ended, in the history's words: applied, unchanged, drifted, planned, failed, abandoned. */
    public static final AttributeKey<String> RESULT = AttributeKey.stringKey("plumbline.result");
    /** The stable reason of the outcome or failure, e.g. ReconciliationSucceeded, RenderFailed, ApplyFailed. */
    public static final AttributeKey<String> REASON = AttributeKey.stringKey("plumbline.reason");
    /** The sentence for a person that goes with a failure. */
    public static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("plumbline.message");
    /** The source fetched (fetch span). */
    public static final AttributeKey<String> SOURCE = AttributeKey.stringKey("plumbline.source");
    /** The resource key of an applied change, {@code provider/group/kind/namespace/name} (apply span). */
    public static final AttributeKey<String> RESOURCE = AttributeKey.stringKey("plumbline.resource");
    /** create, update or delete (apply span). */
    public static final AttributeKey<String> ACTION = AttributeKey.stringKey("plumbline.action");
    /** The provider's config name (apply and observe spans). */
    public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("plumbline.provider");
    /** What the provider did: created, updated, deleted, skipped (apply span, on success). */
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("plumbline.outcome");
    /** How many attempts the change took, retries included (apply span). */
    public static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("plumbline.attempts");

    private SpanAttributes() {
    }
}
