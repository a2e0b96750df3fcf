package dev.plumbline.agent.admin;

import dev.plumbline.config.RateLimit;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How often an address may fail to authenticate ({@code admin.failedAuthLimit}): a token bucket per client
 * address (an IPv6 address by its /64, which one host usually holds whole), from which each failed
 * authentication takes one token. While an address's bucket is empty, every request from it that needs a
 * token is refused before its token is checked (as Argo CD refuses a login after too many failures), so that
 * guessing goes no faster than the limit; a request with a valid token never takes a token. The buckets of
 * at most {@link #ADDRESSES} addresses are kept, the least recently seen dropped first.
 */
final class FailedAuthLimit {

    /** How many addresses are remembered at most. */
    static final int ADDRESSES = 10_000;

    private final RateLimit limit;
    private final TimeMeter meter;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > ADDRESSES;
        }
    };

    FailedAuthLimit(RateLimit limit, Clock clock) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.meter = dev.plumbline.engine.apply.Throttle.timeMeter(Objects.requireNonNull(clock, "clock"));
    }

    /** How long {@code address} must wait before it may try a token again; empty when it may now. */
    Optional<Duration> wait(String address) {
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.get(key(address));
        }
        if (bucket == null || bucket.getAvailableTokens() >= 1) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill()));
    }

    /** {@code address} presented no valid token. */
    void failed(String address) {
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(key(address), a -> bucket());
        }
        bucket.tryConsume(1);
    }

    private Bucket bucket() {
        // one token every 1/perSecond seconds, refilled greedily (continuously), up to the burst
        Duration perToken = Duration.ofNanos(Math.max(1, Math.round(1_000_000_000d / limit.perSecond())));
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.burst()).refillGreedy(1, perToken)
                        .initialTokens(limit.burst()))
                .withCustomTimePrecision(meter)
                .build();
    }

    /**
     * Whose bucket an address uses: an IPv4 address its own, an IPv6 address its /64 ({@code 2001:db8:0:1::/64}).
     * An address is the client's IP as the server saw it; it is parsed as a literal, never looked up.
     */
    static String key(String address) {
        String literal = address == null ? "" : address.replaceAll("^\\[|\\]$", "").replaceFirst("%.*", "");
        if (!literal.contains(":") || !literal.matches("[0-9a-fA-F:.]+")) {
            return String.valueOf(address);
        }
        try {
            InetAddress parsed = InetAddress.getByName("[" + literal + "]"); // in brackets: parsed, never looked up
            if (!(parsed instanceof Inet6Address)) {
                return parsed.getHostAddress();
            }
            byte[] bytes = parsed.getAddress();
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString((bytes[i] & 0xFF) << 8 | bytes[i + 1] & 0xFF)).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
