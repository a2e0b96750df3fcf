package dev.plumbline.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.RateLimit;
import dev.plumbline.engine.state.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The failed-authentication limit per address: a token bucket timed by a settable clock (no waiting). */
class FailedAuthLimitTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final FailedAuthLimit limit = new FailedAuthLimit(new RateLimit(0.2, 3), clock);

    @Test
    void anAddressMayFailBurstTimesThenOnceEveryFiveSeconds() {
        for (int i = 0; i < 3; i++) {
            assertThat(limit.wait("192.0.2.7")).as("before failure %d", i + 1).isEmpty();
            limit.failed("192.0.2.7");
        }

        assertThat(limit.wait("192.0.2.7")).contains(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(2));
        assertThat(limit.wait("192.0.2.7")).contains(Duration.ofSeconds(3));
        clock.advance(Duration.ofSeconds(3));
        assertThat(limit.wait("192.0.2.7")).isEmpty();
        limit.failed("192.0.2.7");
        assertThat(limit.wait("192.0.2.7")).contains(Duration.ofSeconds(5));
    }

    @Test
    void eachAddressHasItsOwnAllowanceAndAnIpv6HostItsSlash64() {
        for (int i = 0; i < 3; i++) {
            limit.failed("2001:db8:0:1::a");
        }

        assertThat(limit.wait("2001:db8:0:1:ffff:eeee:dddd:cccc")).isPresent();
        assertThat(limit.wait("2001:db8:0:2::a")).isEmpty();
        assertThat(limit.wait("192.0.2.7")).isEmpty();
    }

    @Test
    void keysAreTheAddressOrItsSlash64WithoutAnyLookup() {
        assertThat(FailedAuthLimit.key("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(FailedAuthLimit.key("2001:db8::1")).isEqualTo("2001:db8:0:0::/64");
        assertThat(FailedAuthLimit.key("[2001:db8:0:1::2]")).isEqualTo("2001:db8:0:1::/64");
        assertThat(FailedAuthLimit.key("fe80::1%eth0")).isEqualTo("fe80:0:0:0::/64");
        assertThat(FailedAuthLimit.key("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(FailedAuthLimit.key("not-an-address.example")).isEqualTo("not-an-address.example");
    }
}
