package dev.plumbline.engine;

import dev.plumbline.engine.apply.StopSignal;
import dev.plumbline.engine.state.Lease;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.StateStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's hold on its stack's lease: taken (waiting up to a bound while another run holds it), renewed by a
 * daemon thread every third of its time to live for as long as the run lives, and released when closed,
 * whatever ended the run. A renewal that finds the lease lost stops renewing; the run's next write finds out
 * through its fence. A process that dies stops renewing with it, so its lease expires soon, or is taken over
 * at once by a process of the same host.
 */
final class StackLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StackLease.class);
    /** How often a waiting run asks again. */
    private static final Duration POLL = Duration.ofMillis(200);

    private final StateStore store;
    private final Lease lease;
    private final Duration ttl;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread renewer;

    private StackLease(StateStore store, Lease lease, Duration ttl) {
        this.store = store;
        this.lease = lease;
        this.ttl = ttl;
        this.renewer = new Thread(this::renewWhileHeld, "plumbline-lease-" + lease.stack());
        renewer.setDaemon(true);
        renewer.start();
    }

    /**
     * Takes the lease on {@code stack} for {@code ttl}, asking again until {@code wait} has passed (at once
     * only, for none); empty when another run still holds it then, or when {@code stop} is signalled meanwhile.
     */
    static Optional<StackLease> take(StateStore store, String stack, LeaseHolder holder, Duration ttl,
                                     Duration wait, StopSignal stop) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<Lease> lease = store.acquire(stack, holder, ttl);
            if (lease.isPresent()) {
                return Optional.of(new StackLease(store, lease.get(), ttl));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || stop.await(Duration.ofNanos(Math.min(left, POLL.toNanos())))) {
                return Optional.empty();
            }
        }
    }

    Lease lease() {
        return lease;
    }

    private void renewWhileHeld() {
        long every = Math.max(1, ttl.toMillis() / 3);
        try {
            while (!ended.await(every, TimeUnit.MILLISECONDS)) {
                try {
                    if (!store.renew(lease, ttl)) {
                        LOG.warn("stack {}: the run lost its lease (token {}); it writes nothing more",
                                lease.stack(), lease.token());
                        return;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("stack {}: could not renew the lease, trying again in {} ms: {}", lease.stack(), every,
                            e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops renewing, then releases the lease; a failure to release is logged (the lease then expires). */
    @Override
    public void close() {
        ended.countDown();
        try {
            renewer.join(ttl.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            store.release(lease);
        } catch (RuntimeException e) {
            LOG.warn("stack {}: could not release the lease; it expires within {} s: {}", lease.stack(),
                    ttl.toSeconds(), e.getMessage());
        }
    }
}
