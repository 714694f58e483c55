package ai.tuco.application.workspace;

import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.ChangeNotices;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.workspace.port.out.ApiKeyRepository;
import ai.tuco.application.workspace.port.out.OrganizationLinks;
import ai.tuco.application.workspace.port.out.UserRepository;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.ApiKey;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Small in-memory stand-ins for the workspace capability's outbound ports. */
final class Fakes {
    private Fakes() {}

    /** Ids 000...001, 000...002, ... in order. */
    static final class SequentialIds implements IdGenerator {
        private int next;

        @Override
        public String newId() {
            return String.format("%024x", ++next);
        }
    }

    /** Runs the work at once and counts the transactions. */
    static final class DirectTransactions implements TransactionRunner {
        int count;

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            count++;
            return work.get();
        }
    }

    static final class RecordingAudit implements AuditLog {
        final List<Entry> entries = new ArrayList<>();

        @Override
        public void append(Entry entry) {
            entries.add(entry);
        }

        List<String> actions() {
            return entries.stream().map(Entry::action).toList();
        }
    }

    static final class CountingNotices implements ChangeNotices {
        int count;

        @Override
        public void announce() {
            count++;
        }
    }

    /** Workspaces by id, one organisation per workspace as the unique index keeps it. */
    static class Workspaces implements WorkspaceRepository, OrganizationLinks {
        final Map<WorkspaceId, Workspace> byId = new LinkedHashMap<>();
        int lookupsByOrganization;

        @Override
        public void insert(Workspace workspace) {
            if (!insertUnlessOrganizationTaken(workspace)) {
                throw new IllegalStateException("duplicate organization " + workspace.externalId());
            }
        }

        @Override
        public boolean insertUnlessOrganizationTaken(Workspace workspace) {
            if (workspace.externalId().flatMap(this::holder).isPresent()) {
                return false;
            }
            byId.put(workspace.id(), workspace);
            return true;
        }

        @Override
        public LinkResult setOrganization(WorkspaceId id, Optional<String> organizationId) {
            Workspace w = byId.get(id);
            if (w == null) {
                return LinkResult.NO_SUCH_WORKSPACE;
            }
            if (organizationId.flatMap(this::holder).filter(h -> !h.id().equals(id)).isPresent()) {
                return LinkResult.ORGANIZATION_TAKEN;
            }
            byId.put(id, new Workspace(id, w.name(), w.status(), w.defaultCountry(), organizationId, w.createdAt()));
            return LinkResult.LINKED;
        }

        private Optional<Workspace> holder(String organizationId) {
            return byId.values().stream().filter(w -> w.externalId().equals(Optional.of(organizationId))).findFirst();
        }

        @Override
        public Optional<Workspace> findById(WorkspaceId id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public Optional<Workspace> findByExternalId(String externalId) {
            lookupsByOrganization++;
            return holder(externalId);
        }

        @Override
        public boolean setStatus(WorkspaceId id, WorkspaceStatus status) {
            Workspace w = byId.get(id);
            if (w == null) {
                return false;
            }
            byId.put(id, w.withStatus(status));
            return true;
        }

        @Override
        public boolean any() {
            return !byId.isEmpty();
        }
    }

    /** API keys with their digests; credentials joined to {@link Workspaces} as the adapter joins the tables. */
    static final class ApiKeys implements ApiKeyRepository {
        final Map<ApiKeyId, ApiKey> byId = new LinkedHashMap<>();
        final Map<ApiKeyId, byte[]> digests = new LinkedHashMap<>();
        final Workspaces workspaces;
        int credentialLookups;
        int touches;

        ApiKeys(Workspaces workspaces) {
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
                    .map(k -> new Credential(k, digests.get(k.id()), workspaces.byId.get(k.workspaceId())));
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
    }

    /** Users by (workspace, external id). */
    static final class Users implements UserRepository {
        record Row(UserId id, WorkspaceId workspaceId, String externalId, Role role) {}

        final List<Row> rows = new ArrayList<>();
        int upserts;

        @Override
        public boolean exists(WorkspaceId workspaceId, UserId id) {
            return rows.stream().anyMatch(r -> r.workspaceId().equals(workspaceId) && r.id().equals(id));
        }

        @Override
        public UserId upsert(WorkspaceId workspaceId, String externalId, Role role, String newId, Instant at) {
            upserts++;
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                if (r.workspaceId().equals(workspaceId) && r.externalId().equals(externalId)) {
                    rows.set(i, new Row(r.id(), workspaceId, externalId, role));
                    return r.id();
                }
            }
            rows.add(new Row(new UserId(newId), workspaceId, externalId, role));
            return new UserId(newId);
        }

        Optional<Row> byExternalId(String externalId) {
            return rows.stream().filter(r -> r.externalId().equals(externalId)).findFirst();
        }
    }
}
