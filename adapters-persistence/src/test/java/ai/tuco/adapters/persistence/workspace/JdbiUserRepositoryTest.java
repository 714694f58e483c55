package ai.tuco.adapters.persistence.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbiUserRepositoryTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();
    static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    static final AtomicInteger IDS = new AtomicInteger();

    final JdbiUserRepository users = new JdbiUserRepository(db.jdbi());
    final JdbiWorkspaceRepository workspaces = new JdbiWorkspaceRepository(db.jdbi());

    static String newId() {
        return String.format("%024x", IDS.incrementAndGet());
    }

    WorkspaceId workspace() {
        Workspace w = new Workspace(new WorkspaceId(newId()), "Users", WorkspaceStatus.ACTIVE, "US", Optional.empty(), AT);
        workspaces.insert(w);
        return w.id();
    }

    @Test
    void upsert_createsTheUserOnce_andKeepsItsIdWhileTheRoleFollowsTheLatest() {
        WorkspaceId ws = workspace();
        String firstId = newId();

        UserId created = users.upsert(ws, "user_a", Role.ADMIN, firstId, AT);
        UserId again = users.upsert(ws, "user_a", Role.MEMBER, newId(), AT.plusSeconds(60));

        assertThat(created.value()).isEqualTo(firstId);
        assertThat(again).isEqualTo(created);
        assertThat(db.strings("SELECT role FROM users WHERE workspace_id = ?", ws.value())).containsExactly("member");
    }

    @Test
    void theSameExternalUserInTwoWorkspaces_isTwoUsers() {
        WorkspaceId one = workspace();
        WorkspaceId two = workspace();

        UserId inOne = users.upsert(one, "user_b", Role.ADMIN, newId(), AT);
        UserId inTwo = users.upsert(two, "user_b", Role.MEMBER, newId(), AT);

        assertThat(inTwo).isNotEqualTo(inOne);
        assertThat(db.count("SELECT count(*) FROM users WHERE external_id = 'user_b'")).isEqualTo(2);
    }

    @Test
    void exists_onlyInTheUsersOwnWorkspace() {
        WorkspaceId ws = workspace();
        WorkspaceId other = workspace();
        UserId user = users.upsert(ws, "user_c", Role.MEMBER, newId(), AT);

        assertThat(users.exists(ws, user)).isTrue();
        assertThat(users.exists(other, user)).isFalse();
        assertThat(users.exists(ws, new UserId("ffffffffffffffffffffffff"))).isFalse();
    }
}
