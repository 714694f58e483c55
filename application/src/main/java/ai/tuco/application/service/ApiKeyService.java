package ai.tuco.application.service;

import ai.tuco.application.port.in.CreateApiKeyUseCase;
import ai.tuco.application.port.out.ApiKeyRepository;
import ai.tuco.application.port.out.AuditLog;
import ai.tuco.application.port.out.IdGenerator;
import ai.tuco.application.port.out.TransactionRunner;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.workspace.ApiKey;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Issues API keys. */
public final class ApiKeyService implements CreateApiKeyUseCase {
    private final ApiKeyRepository keys;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final IdGenerator ids;
    private final Clock clock;

    public ApiKeyService(ApiKeyRepository keys, AuditLog audit, TransactionRunner tx, IdGenerator ids, Clock clock) {
        this.keys = keys;
        this.audit = audit;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public CreatedApiKey create(CreateApiKeyCommand command) {
        String secret = ApiKeySecrets.newSecret();
        Instant now = clock.instant();
        ApiKey key = new ApiKey(
                new ApiKeyId(ids.newId()),
                command.workspaceId(),
                command.name(),
                command.role(),
                command.userId(),
                ApiKeySecrets.shownPrefix(secret),
                Optional.empty(),
                Optional.empty(),
                now);
        Map<String, String> detail = new HashMap<>();
        detail.put("role", key.role().wireName());
        command.userId().ifPresent(u -> detail.put("userId", u.value()));
        tx.run(() -> {
            keys.insert(key, ApiKeySecrets.sha256(secret));
            audit.append(new AuditLog.Entry(
                    Optional.of(key.workspaceId()), command.actor(), "api_key.create", "api_key", key.id().value(),
                    now, detail));
        });
        return new CreatedApiKey(key, secret);
    }
}
