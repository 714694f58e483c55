package ai.tuco.application.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T09:00:00Z"));
    final AtomicInteger loads = new AtomicInteger();

    Optional<String> load(String value) {
        loads.incrementAndGet();
        return Optional.ofNullable(value);
    }

    @Test
    void a_found_value_is_reused_until_its_time_is_up_then_loaded_again() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(Duration.ofMillis(1000), clock, 10);
        assertThat(cache.get("k", () -> load("v1"))).contains("v1");
        clock.advance(Duration.ofMillis(999));
        assertThat(cache.get("k", () -> load("v2"))).contains("v1");
        assertThat(loads).hasValue(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("k", () -> load("v2"))).contains("v2");
        assertThat(loads).hasValue(2);
    }

    @Test
    void nothing_absent_is_kept_so_what_appears_elsewhere_is_seen_at_once() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(Duration.ofMillis(1000), clock, 10);
        assertThat(cache.get("k", () -> load(null))).isEmpty();
        assertThat(cache.get("k", () -> load("created"))).contains("created");
        assertThat(loads).hasValue(2);
    }

    @Test
    void a_value_that_became_absent_is_dropped_when_loaded_again() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(Duration.ofMillis(1000), clock, 10);
        cache.get("k", () -> load("v"));
        clock.advance(Duration.ofSeconds(2));
        assertThat(cache.get("k", () -> load(null))).isEmpty();
        assertThat(cache.get("k", () -> load(null))).isEmpty();
        assertThat(loads).hasValue(3);
    }

    @Test
    void clear_forgets_everything_at_once() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(Duration.ofMinutes(1), clock, 10);
        cache.get("a", () -> load("old a"));
        cache.get("b", () -> load("old b"));
        cache.clear();
        assertThat(cache.get("a", () -> load("new a"))).contains("new a");
        assertThat(cache.get("b", () -> load("new b"))).contains("new b");
        assertThat(loads).hasValue(4);
    }

    @Test
    void a_load_that_raced_with_clear_is_returned_but_not_kept() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(Duration.ofMinutes(1), clock, 10);
        // the load read the row before a change committed; the change's clear() ran while it was in flight
        assertThat(cache.get("k", () -> {
            cache.clear();
            return load("before the change");
        })).contains("before the change");
        assertThat(cache.get("k", () -> load("after the change"))).contains("after the change");
        assertThat(cache.get("k", () -> load("unused"))).contains("after the change");
        assertThat(loads).hasValue(2);
    }

    @Test
    void zero_time_to_live_turns_it_off() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(Duration.ZERO, clock, 10);
        cache.get("k", () -> load("v"));
        cache.get("k", () -> load("v"));
        assertThat(loads).hasValue(2);
    }

    @Test
    void it_never_holds_more_than_its_size() {
        ExpiringCache<Integer, String> cache = new ExpiringCache<>(Duration.ofMinutes(1), clock, 3);
        for (int i = 0; i < 3; i++) {
            int n = i;
            cache.get(n, () -> load("v" + n));
        }
        cache.get(3, () -> load("v3")); // full: emptied, then 3 kept
        cache.get(3, () -> load("again"));
        cache.get(0, () -> load("v0 again"));
        assertThat(loads).hasValue(5);
        assertThat(cache.get(0, () -> load("unused"))).contains("v0 again");
    }

    @Test
    void refuses_a_negative_time_to_live() {
        assertThatThrownBy(() -> new ExpiringCache<>(Duration.ofMillis(-1), clock, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
