package ai.tuco.application.workspace;

import ai.tuco.application.shared.ExpiringCache;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.workspace.port.in.AuthenticateUseCase;
import ai.tuco.application.workspace.port.out.ApiKeyRepository;
import ai.tuco.application.workspace.port.out.UserRepository;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.workspace.Role;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API-key authentication: the SHA-256 of the presented secret finds the key through a unique index, and the
 * stored digest is compared in constant time. {@code lastUsedAt} is written at most once a minute per key and
 * node, so a busy key's row is not rewritten by every request. A key found is reused from {@code credentials} for
 * a short time (ADR 8); revoking a key or changing a workspace's status through this node empties that cache.
 */
public final class AuthenticationService implements AuthenticateUseCase {
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final ClerkOrganizations organizations;
    private final UserRepository users;
    private final IdGenerator ids;
    private final Clock clock;
    private final ExpiringCache<String, ApiKeyRepository.Credential> credentials;
    private final ConcurrentHashMap<ApiKeyId, Instant> lastTouched = new ConcurrentHashMap<>();
    /** Users seen recently, so a Clerk session costs one workspace lookup per request, not a user write. */
    private final ConcurrentHashMap<String, KnownUser> knownUsers = new ConcurrentHashMap<>();

    private record KnownUser(UserId id, Role role, Instant seenAt) {}

    /** @param organizations the workspace each Clerk organisation signs into (linked, or provisioned on first sight) */
    public AuthenticationService(ApiKeyRepository keys, ClerkOrganizations organizations, UserRepository users,
            IdGenerator ids, Clock clock, ExpiringCache<String, ApiKeyRepository.Credential> credentials) {
        this.credentials = credentials;
        this.keys = keys;
        this.organizations = organizations;
        this.users = users;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public Optional<Caller> byClerk(ClerkIdentity identity) {
        if (identity.organizationId() == null || identity.userExternalId() == null) {
            return Optional.empty();
        }
        return organizations.workspaceOf(identity).map(workspace -> {
            Role role = identity.admin() ? Role.ADMIN : Role.MEMBER;
            Instant now = clock.instant();
            String cacheKey = workspace.id().value() + "/" + identity.userExternalId();
            KnownUser known = knownUsers.get(cacheKey);
            if (known == null || known.role() != role || known.seenAt().plus(TOUCH_INTERVAL).isBefore(now)) {
                if (knownUsers.size() > 100_000) {
                    knownUsers.clear();
                }
                UserId id = users.upsert(workspace.id(), identity.userExternalId(), role, ids.newId(), now);
                known = new KnownUser(id, role, now);
                knownUsers.put(cacheKey, known);
            }
            return new Caller(workspace, role, Optional.empty(), Optional.of(known.id()));
        });
    }

    @Override
    public Optional<Caller> byApiKey(String secret) {
        if (secret == null || !secret.startsWith("tuco_") || secret.length() > 200) {
            return Optional.empty();
        }
        byte[] digest = ApiKeySecrets.sha256(secret);
        return credentials.get(HexFormat.of().formatHex(digest), () -> keys.findCredential(digest))
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
