package ai.tuco.adapters.persistence.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.ApiKey;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbiApiKeyRepositoryTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();
    static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    static final AtomicInteger IDS = new AtomicInteger();

    final JdbiApiKeyRepository keys = new JdbiApiKeyRepository(db.jdbi());
    final JdbiWorkspaceRepository workspaces = new JdbiWorkspaceRepository(db.jdbi());

    static String newId() {
        return String.format("%024x", IDS.incrementAndGet());
    }

    static byte[] sha256(String secret) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    }

    Workspace workspace() {
        Workspace w = new Workspace(new WorkspaceId(newId()), "Keys", WorkspaceStatus.READ_ONLY, "CA", Optional.of("org_" + newId()), AT);
        workspaces.insert(w);
        return w;
    }

    ApiKey key(Workspace w, String name, Instant createdAt) {
        return new ApiKey(new ApiKeyId(newId()), w.id(), name, Role.MEMBER, Optional.of(new UserId(newId())), "tuco_sk_abcd",
                Optional.empty(), Optional.empty(), createdAt);
    }

    @Test
    void findCredential_readsTheKeyItsDigestAndItsWorkspace_byTheDigestOnly() throws Exception {
        Workspace w = workspace();
        ApiKey k = key(w, "CI", AT);
        keys.insert(k, sha256("tuco_sk_secret1"));

        var credential = keys.findCredential(sha256("tuco_sk_secret1")).orElseThrow();

        assertThat(credential.key()).isEqualTo(k);
        assertThat(credential.secretSha256()).isEqualTo(sha256("tuco_sk_secret1"));
        assertThat(credential.workspace()).isEqualTo(w);
        assertThat(keys.findCredential(sha256("tuco_sk_other"))).isEmpty();
        assertThat(db.count("SELECT count(*) FROM api_keys WHERE name = 'CI' AND prefix = 'tuco_sk_abcd'")).isEqualTo(1);
    }

    @Test
    void listByWorkspace_showsThatWorkspacesLiveKeysOldestFirst() throws Exception {
        Workspace w = workspace();
        Workspace other = workspace();
        ApiKey older = key(w, "older", AT);
        ApiKey newer = key(w, "newer", AT.plusSeconds(5));
        ApiKey revoked = key(w, "revoked", AT.plusSeconds(1));
        keys.insert(newer, sha256("s-newer"));
        keys.insert(older, sha256("s-older"));
        keys.insert(revoked, sha256("s-revoked"));
        keys.insert(key(other, "theirs", AT), sha256("s-theirs"));
        keys.revoke(w.id(), revoked.id(), AT.plusSeconds(10));

        assertThat(keys.listByWorkspace(w.id())).extracting(ApiKey::id).containsExactly(older.id(), newer.id());
    }

    @Test
    void revoke_marksTheKeyOnce_andNeverAnotherWorkspacesKey() throws Exception {
        Workspace w = workspace();
        Workspace other = workspace();
        ApiKey k = key(w, "k", AT);
        keys.insert(k, sha256("s-revoke"));

        assertThat(keys.revoke(other.id(), k.id(), AT)).as("foreign workspace").isFalse();
        assertThat(keys.findCredential(sha256("s-revoke")).orElseThrow().key().isRevoked()).isFalse();
        assertThat(keys.revoke(w.id(), k.id(), AT.plusSeconds(1))).isTrue();
        assertThat(keys.revoke(w.id(), k.id(), AT.plusSeconds(2))).as("already revoked").isFalse();
        assertThat(keys.findCredential(sha256("s-revoke")).orElseThrow().key().revokedAt()).contains(AT.plusSeconds(1));
        assertThat(keys.revoke(w.id(), new ApiKeyId("ffffffffffffffffffffffff"), AT)).isFalse();
    }

    @Test
    void touchLastUsed_writesOnlyWhenTheLastNoteIsOlderThanNotBefore() throws Exception {
        Workspace w = workspace();
        ApiKey k = key(w, "busy", AT);
        keys.insert(k, sha256("s-touch"));
        Instant first = AT.plusSeconds(10);

        keys.touchLastUsed(k.id(), first, first.minus(Duration.ofMinutes(1)));
        keys.touchLastUsed(k.id(), first.plusSeconds(30), first.plusSeconds(30).minus(Duration.ofMinutes(1)));
        assertThat(lastUsed(k)).as("within the minute").contains(first);

        Instant later = first.plusSeconds(90);
        keys.touchLastUsed(k.id(), later, later.minus(Duration.ofMinutes(1)));
        assertThat(lastUsed(k)).contains(later);
    }

    private Optional<Instant> lastUsed(ApiKey k) {
        return keys.listByWorkspace(k.workspaceId()).stream().filter(x -> x.id().equals(k.id())).findFirst()
                .flatMap(ApiKey::lastUsedAt);
    }
}
