package ai.tuco.application.testing;

import ai.tuco.application.idempotency.port.out.IdempotencyRepository;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Idempotency records per (workspace, key), keyed {@code "workspaceId/key"}, with the adapter's claim and take-over
 * rules; {@link #onFind} lets a test act between a waiting request's polls.
 */
public final class FakeIdempotencyRecords implements IdempotencyRepository {
    public record Row(byte[] hash, boolean done, int status, byte[] body, Instant lockedAt, Instant expiresAt) {}

    private final Map<String, Row> rows = new HashMap<>();
    private Runnable onFind = () -> { };
    private int finds;

    private static String id(WorkspaceId w, String key) {
        return w.value() + "/" + key;
    }

    /** Runs before every {@code find}. */
    public void onFind(Runnable action) {
        onFind = action;
    }

    /** Forgets every record, as a purge (or a client giving up) would. */
    public void clear() {
        rows.clear();
    }

    @Override
    public boolean claim(WorkspaceId w, String key, byte[] hash, Instant now, Instant expiresAt) {
        return rows.putIfAbsent(id(w, key), new Row(hash, false, 0, null, now, expiresAt)) == null;
    }

    @Override
    public Optional<StoredKey> find(WorkspaceId w, String key) {
        finds++;
        onFind.run();
        return Optional.ofNullable(rows.get(id(w, key)))
                .map(r -> new StoredKey(r.hash(), r.done(), r.status(), r.body(), r.expiresAt()));
    }

    @Override
    public boolean takeOver(WorkspaceId w, String key, byte[] hash, Instant staleBefore, Instant now, Instant expiresAt) {
        Row r = rows.get(id(w, key));
        if (r == null || !(r.expiresAt().isBefore(now) || !r.done() && r.lockedAt().isBefore(staleBefore))) {
            return false;
        }
        rows.put(id(w, key), new Row(hash, false, 0, null, now, expiresAt));
        return true;
    }

    @Override
    public void complete(WorkspaceId w, String key, int status, byte[] body) {
        rows.computeIfPresent(id(w, key), (k, r) -> new Row(r.hash(), true, status, body, r.lockedAt(), r.expiresAt()));
    }

    @Override
    public Set<String> claimAll(WorkspaceId w, Map<String, byte[]> requests, Instant now, Instant expiresAt) {
        Set<String> claimed = new HashSet<>();
        requests.forEach((key, hash) -> {
            if (claim(w, key, hash, now, expiresAt)) {
                claimed.add(key);
            }
        });
        return claimed;
    }

    @Override
    public void completeAll(WorkspaceId w, Map<String, byte[]> answers, int status) {
        answers.forEach((key, body) -> complete(w, key, status, body));
    }

    @Override
    public void delete(WorkspaceId w, String key) {
        rows.remove(id(w, key));
    }

    @Override
    public int deleteExpired(Instant now) {
        int before = rows.size();
        rows.values().removeIf(r -> r.expiresAt().isBefore(now));
        return before - rows.size();
    }

    /** Every record by {@code "workspaceId/key"}. */
    public Map<String, Row> rows() {
        return Map.copyOf(rows);
    }

    /** How many times {@code find} was called. */
    public int finds() {
        return finds;
    }
}
