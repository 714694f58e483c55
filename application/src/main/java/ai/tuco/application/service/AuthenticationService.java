package ai.tuco.application.service;

import ai.tuco.application.port.in.AuthenticateUseCase;
import ai.tuco.application.port.in.Caller;
import ai.tuco.application.port.out.ApiKeyRepository;
import ai.tuco.domain.shared.ApiKeyId;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API-key authentication: the SHA-256 of the presented secret finds the key through a unique index, and the
 * stored digest is compared in constant time. {@code lastUsedAt} is written at most once a minute per key and
 * node, so a busy key's row is not rewritten by every request.
 */
public final class AuthenticationService implements AuthenticateUseCase {
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final Clock clock;
    private final ConcurrentHashMap<ApiKeyId, Instant> lastTouched = new ConcurrentHashMap<>();

    public AuthenticationService(ApiKeyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Optional<Caller> byApiKey(String secret) {
        if (secret == null || !secret.startsWith("tuco_") || secret.length() > 200) {
            return Optional.empty();
        }
        byte[] digest = ApiKeySecrets.sha256(secret);
        return keys.findCredential(digest)
                .filter(c -> MessageDigest.isEqual(digest, c.secretSha256()))
                .filter(c -> !c.key().isRevoked())
                .map(c -> {
                    touch(c.key().id());
                    return new Caller(c.workspace(), c.key().role(), Optional.of(c.key().id()), c.key().userId());
                });
    }

    private void touch(ApiKeyId id) {
        Instant now = clock.instant();
        Instant previous = lastTouched.get(id);
        if (previous != null && previous.plus(TOUCH_INTERVAL).isAfter(now)) {
            return;
        }
        if (previous == null ? lastTouched.putIfAbsent(id, now) == null : lastTouched.replace(id, previous, now)) {
            keys.touchLastUsed(id, now, now.minus(TOUCH_INTERVAL));
        }
    }
}
