package ai.tuco.application.workspace;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.ChangeNotices;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.workspace.port.in.CreateApiKeyUseCase;
import ai.tuco.application.workspace.port.in.ManageApiKeysUseCase.IssueApiKeyRequest;
import ai.tuco.application.workspace.port.in.ManageApiKeysUseCase;
import ai.tuco.application.workspace.port.out.ApiKeyRepository;
import ai.tuco.application.workspace.port.out.UserRepository;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.ObjectIds;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.workspace.ApiKey;
import ai.tuco.domain.workspace.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Issues, lists and revokes API keys. */
public final class ApiKeyService implements CreateApiKeyUseCase, ManageApiKeysUseCase {
    private final ApiKeyRepository keys;
    private final UserRepository users;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final IdGenerator ids;
    private final Clock clock;
    private final ChangeNotices notices;

    /** @param notices told inside a revocation, so no node's cached copy of the key outlives its commit */
    public ApiKeyService(ApiKeyRepository keys, UserRepository users, AuditLog audit, TransactionRunner tx, IdGenerator ids,
            Clock clock, ChangeNotices notices) {
        this.notices = notices;
        this.keys = keys;
        this.users = users;
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

    @Override
    public List<ApiKey> list(Caller caller) {
        caller.requireAdmin();
        return keys.listByWorkspace(caller.workspace().id());
    }

    @Override
    public CreatedApiKey issue(Caller caller, Actor actor, IssueApiKeyRequest request) {
        caller.requireAdmin();
        caller.requireWritable();
        // every broken field is reported at once, in the contract's order
        List<FieldError> errors = new ArrayList<>();
        Optional<String> name = request.name().map(String::strip);
        Optional<Role> role = request.role().flatMap(Role::fromWire);
        check(errors, request, "name", name.isEmpty() ? "name is required"
                : name.get().isEmpty() || name.get().length() > MAX_NAME ? "name must be 1 to " + MAX_NAME + " characters" : null);
        check(errors, request, "role", request.role().isEmpty() ? "role is required (admin or member)"
                : role.isEmpty() ? "role must be admin or member" : null);
        check(errors, request, "userId", request.userId().filter(u -> !ObjectIds.isValid(u)).isPresent()
                ? "userId must be a 24-character hex id" : null);
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        Optional<UserId> user = request.userId().map(UserId::new);
        if (user.isPresent() && !users.exists(caller.workspace().id(), user.get())) {
            throw UseCaseException.notFound("User");
        }
        return create(new CreateApiKeyCommand(caller.workspace().id(), name.get(), role.get(), user, actor));
    }

    /** Adds the field's type error when the adapter found one, else {@code problem} when there is one. */
    private static void check(List<FieldError> errors, IssueApiKeyRequest request, String field, String problem) {
        Optional<FieldError> mistyped = request.mistyped().stream().filter(e -> e.field().equals(field)).findFirst();
        if (mistyped.isPresent()) {
            errors.add(mistyped.get());
        } else if (problem != null) {
            errors.add(new FieldError(field, problem));
        }
    }

    @Override
    public void revoke(Caller caller, Actor actor, ApiKeyId id) {
        caller.requireAdmin();
        caller.requireWritable();
        tx.run(() -> {
            Instant now = clock.instant();
            if (!keys.revoke(caller.workspace().id(), id, now)) {
                throw UseCaseException.notFound("API key");
            }
            audit.append(new AuditLog.Entry(Optional.of(caller.workspace().id()), actor, "api_key.revoke", "api_key",
                    id.value(), now, Map.of()));
            notices.announce();
        });
    }
}
