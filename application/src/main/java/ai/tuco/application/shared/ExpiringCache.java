package ai.tuco.application.shared;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What this node read recently, reused for a short time instead of asking the database again (ADR 8). Only found
 * values are kept: something absent is looked up every time, so what another node creates is seen at once. Changes
 * made through this node call {@link #clear()} after they commit; changes made elsewhere are seen within the
 * time-to-live. A load that started before a {@link #clear()} is not kept, so a read racing with a change cannot put
 * the old value back. Bounded: emptied when it reaches its size.
 */
public final class ExpiringCache<K, V> {
    private record Entry<V>(V value, long expiresAtMillis) {}

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final long ttlMillis;
    private final Clock clock;
    private final int maxEntries;

    /** @param ttl zero turns the cache off (every lookup loads) */
    public ExpiringCache(Duration ttl, Clock clock, int maxEntries) {
        if (ttl.isNegative() || maxEntries < 1) {
            throw new IllegalArgumentException("ttl must not be negative and maxEntries must be positive");
        }
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    public Optional<V> get(K key, Supplier<Optional<V>> load) {
        if (ttlMillis == 0) {
            return load.get();
        }
        long now = clock.millis();
        Entry<V> entry = entries.get(key);
        if (entry != null && entry.expiresAtMillis() > now) {
            return Optional.of(entry.value());
        }
        long before = generation.get();
        Optional<V> loaded = load.get();
        if (loaded.isEmpty()) {
            entries.remove(key);
            return loaded;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry<>(loaded.get(), now + ttlMillis));
        if (generation.get() != before) {
            entries.remove(key); // cleared while loading: what was loaded may predate the change
        }
        return loaded;
    }

    /** Forgets everything; call after a change commits. */
    public void clear() {
        generation.incrementAndGet();
        entries.clear();
    }
}
