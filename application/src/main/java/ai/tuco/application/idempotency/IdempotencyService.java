package ai.tuco.application.idempotency;

import ai.tuco.application.idempotency.port.in.IdempotencyUseCase;
import ai.tuco.application.idempotency.port.out.IdempotencyMetrics;
import ai.tuco.application.idempotency.port.out.IdempotencyRepository;
import ai.tuco.domain.shared.WorkspaceId;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Keys are claimed with an insert that only one request can win (a primary key), so among any number of identical
 * concurrent requests exactly one runs; the others poll for its answer for up to {@link #WAIT}.
 */
public final class IdempotencyService implements IdempotencyUseCase {
    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration WAIT = Duration.ofSeconds(5);
    /** A request holding a key this long is presumed dead (its node crashed) and the key may be taken over. */
    static final Duration STALE = Duration.ofMinutes(2);
    private static final long POLL_MILLIS = 20;

    private final IdempotencyRepository records;
    private final Clock clock;
    private final IdempotencyMetrics metrics;

    public IdempotencyService(IdempotencyRepository records, Clock clock) {
        this(records, clock, IdempotencyMetrics.NONE);
    }

    /** @param metrics told of every replayed answer */
    public IdempotencyService(IdempotencyRepository records, Clock clock, IdempotencyMetrics metrics) {
        this.records = records;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public Decision begin(WorkspaceId workspaceId, String key, byte[] requestSha256) {
        return decide(workspaceId, key, requestSha256, true);
    }

    @Override
    public Decision check(WorkspaceId workspaceId, String key, byte[] requestSha256) {
        return decide(workspaceId, key, requestSha256, false);
    }

    /**
     * @param claim take the key for this request ({@link #begin}), or only look ({@link #check}: {@code Proceed} leaves
     *     the claim, and the take-over of a dead request's key, to the transaction doing the work)
     */
    private Decision decide(WorkspaceId workspaceId, String key, byte[] requestSha256, boolean claim) {
        Instant deadline = clock.instant().plus(WAIT);
        while (true) {
            Instant now = clock.instant();
            if (claim && records.claim(workspaceId, key, requestSha256, now, now.plus(RETENTION))) {
                return new Decision.Proceed();
            }
            Optional<IdempotencyRepository.StoredKey> stored = records.find(workspaceId, key);
            if (stored.isEmpty() || stored.get().expiresAt().isBefore(now)) {
                if (!claim || stored.isPresent() && takeOver(workspaceId, key, requestSha256, now)) {
                    return new Decision.Proceed();
                }
                continue; // deleted in between (abandoned or purged), or taken over by another: try again
            }
            IdempotencyRepository.StoredKey s = stored.get();
            if (!MessageDigest.isEqual(s.requestSha256(), requestSha256)) {
                return new Decision.Mismatch();
            }
            if (s.done()) {
                metrics.replayed();
                return new Decision.Replay(s.status(), s.body());
            }
            if (claim && takeOver(workspaceId, key, requestSha256, now)) {
                return new Decision.Proceed();
            }
            if (!now.isBefore(deadline)) {
                return claim ? new Decision.InProgress() : new Decision.Proceed();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Decision.InProgress();
            }
        }
    }

    /** Takes over a key whose record expired or whose request has held it past {@link #STALE}. */
    private boolean takeOver(WorkspaceId workspaceId, String key, byte[] requestSha256, Instant now) {
        return records.takeOver(workspaceId, key, requestSha256, now.minus(STALE), now, now.plus(RETENTION));
    }

    @Override
    public void remember(WorkspaceId workspaceId, String key, byte[] requestSha256, int status, byte[] body) {
        Instant now = clock.instant();
        if (records.claim(workspaceId, key, requestSha256, now, now.plus(RETENTION))) {
            records.complete(workspaceId, key, status, body);
        }
    }

    @Override
    public void complete(WorkspaceId workspaceId, String key, int status, byte[] body) {
        records.complete(workspaceId, key, status, body);
    }

    @Override
    public void abandon(WorkspaceId workspaceId, String key) {
        records.delete(workspaceId, key);
    }

    @Override
    public int purgeExpired() {
        return records.deleteExpired(clock.instant());
    }
}
