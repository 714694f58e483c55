package ai.tuco.application.testing;

import ai.tuco.application.workspace.port.out.ApiKeyRepository;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.ApiKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** API keys with their digests; credentials joined to {@link FakeWorkspaces} as the adapter joins the tables. */
public final class FakeApiKeys implements ApiKeyRepository {
    private final Map<ApiKeyId, ApiKey> byId = new LinkedHashMap<>();
    private final Map<ApiKeyId, byte[]> digests = new LinkedHashMap<>();
    private final FakeWorkspaces workspaces;
    private int credentialLookups;
    private int touches;

    public FakeApiKeys(FakeWorkspaces workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    public void insert(ApiKey key, byte[] secretSha256) {
        byId.put(key.id(), key);
        digests.put(key.id(), secretSha256.clone());
    }

    @Override
    public Optional<Credential> findCredential(byte[] secretSha256) {
        credentialLookups++;
        return digests.entrySet().stream().filter(e -> Arrays.equals(e.getValue(), secretSha256)).findFirst()
                .map(e -> byId.get(e.getKey()))
                .map(k -> new Credential(k, digests.get(k.id()), workspaces.findById(k.workspaceId()).orElse(null)));
    }

    @Override
    public List<ApiKey> listByWorkspace(WorkspaceId workspaceId) {
        return byId.values().stream().filter(k -> k.workspaceId().equals(workspaceId) && !k.isRevoked()).toList();
    }

    @Override
    public boolean revoke(WorkspaceId workspaceId, ApiKeyId id, Instant at) {
        ApiKey k = byId.get(id);
        if (k == null || !k.workspaceId().equals(workspaceId) || k.isRevoked()) {
            return false;
        }
        byId.put(id, new ApiKey(k.id(), k.workspaceId(), k.name(), k.role(), k.userId(), k.prefix(), Optional.of(at),
                k.lastUsedAt(), k.createdAt()));
        return true;
    }

    @Override
    public void touchLastUsed(ApiKeyId id, Instant at, Instant notBefore) {
        touches++;
        ApiKey k = byId.get(id);
        byId.put(id, new ApiKey(k.id(), k.workspaceId(), k.name(), k.role(), k.userId(), k.prefix(), k.revokedAt(),
                Optional.of(at), k.createdAt()));
    }

    /** Every stored key (revoked ones included) by id, in insertion order. */
    public Map<ApiKeyId, ApiKey> byId() {
        return new LinkedHashMap<>(byId);
    }

    /** The SHA-256 of the key's secret, as stored. */
    public byte[] digest(ApiKeyId id) {
        return digests.get(id);
    }

    public int credentialLookups() {
        return credentialLookups;
    }

    public int touches() {
        return touches;
    }
}
