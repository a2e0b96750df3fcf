package dev.plumbline.engine.state;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.TransientException;
import java.util.Optional;

/**
 * A run wrote under a lease it no longer holds: someone broke it ({@code plumbline unlock}) or took it over
 * after it expired. The write was refused and changed nothing; the run ends with the reason
 * {@value #REASON} and is tried again later, under a lease of its own.
 */
public final class LeaseLostException extends TransientException {

    /** The reason of a run that lost its lease. */
    public static final String REASON = Reasons.LEASE_LOST;

    public LeaseLostException(String message) {
        super(REASON, message);
    }

    /** {@code lease} is lost; {@code now} is the stack's lease as the store has it now, if anyone holds it. */
    public static LeaseLostException of(Lease lease, Optional<LeaseInfo> now) {
        String since = now.filter(info -> info.token() != lease.token())
                .map(info -> "it is now held by " + info.describe())
                .orElse("it was broken or released");
        return new LeaseLostException("the run lost the lease on stack '" + lease.stack() + "' (token "
                + lease.token() + "): " + since + "; nothing more is written under it");
    }
}
