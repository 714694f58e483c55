package ai.tuco.application.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.testing.CountingIds;
import ai.tuco.application.testing.CountingNotices;
import ai.tuco.application.testing.FakeApiKeys;
import ai.tuco.application.testing.FakeUsers;
import ai.tuco.application.testing.FakeWorkspaces;
import ai.tuco.application.testing.InlineTransactions;
import ai.tuco.application.testing.RecordingAuditLog;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase.CreateWorkspaceCommand;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase.CreatedWorkspace;
import ai.tuco.application.workspace.port.in.LinkOrganizationUseCase.LinkOrganizationCommand;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.ApiKey;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkspaceServiceTest {
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final Actor CLI = Actor.cli();

    final MutableClock clock = new MutableClock(NOW);
    final CountingIds ids = new CountingIds();
    final FakeWorkspaces workspaces = new FakeWorkspaces();
    final FakeApiKeys keys = new FakeApiKeys(workspaces);
    final RecordingAuditLog audit = new RecordingAuditLog();
    final InlineTransactions tx = new InlineTransactions();
    final CountingNotices notices = new CountingNotices();
    final ApiKeyService apiKeys = new ApiKeyService(keys, new FakeUsers(), audit, tx, ids, clock, notices);
    final WorkspaceService service = new WorkspaceService(workspaces, workspaces, apiKeys, audit, tx, ids, clock, notices);

    CreatedWorkspace create(String name, String organization) {
        return service.create(new CreateWorkspaceCommand(name, "GB", Optional.ofNullable(organization), CLI));
    }

    @Test
    void create_makesAnActiveWorkspaceWithItsFirstAdminKey_inOneTransaction_audited() {
        CreatedWorkspace created = create("  Acme  ", null);

        var workspace = workspaces.byId().get(created.workspaceId());
        assertThat(workspace.name()).isEqualTo("Acme");
        assertThat(workspace.defaultCountry()).isEqualTo("GB");
        assertThat(workspace.status()).isEqualTo(WorkspaceStatus.ACTIVE);
        assertThat(workspace.externalId()).isEmpty();
        assertThat(created.organizationId()).isEmpty();
        ApiKey key = keys.listByWorkspace(created.workspaceId()).get(0);
        assertThat(key.role()).isEqualTo(Role.ADMIN);
        assertThat(keys.digest(key.id())).isEqualTo(ApiKeySecrets.sha256(created.apiKey()));
        assertThat(audit.actions()).containsExactly("workspace.create", "api_key.create");
        assertThat(tx.count()).as("the key's write joins the workspace's transaction").isEqualTo(2);
    }

    @Test
    void create_withAClerkOrganisation_linksIt() {
        CreatedWorkspace created = create("Org", "org_one");

        assertThat(created.organizationId()).contains("org_one");
        assertThat(workspaces.byId().get(created.workspaceId()).externalId()).contains("org_one");
        assertThat(audit.entries().get(0).detail()).containsEntry("clerkOrganizationId", "org_one");
    }

    @Test
    void create_withAnOrganisationAnotherWorkspaceHas_isAConflictNamingIt_andCreatesNothing() {
        WorkspaceId holder = create("First", "org_dup").workspaceId();
        int audited = audit.entries().size();

        assertThatThrownBy(() -> create("Second", "org_dup"))
                .isInstanceOfSatisfying(UseCaseException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UseCaseException.Kind.CONFLICT);
                    assertThat(e.getMessage()).contains("org_dup").contains(holder.value());
                });
        assertThat(workspaces.byId()).hasSize(1);
        assertThat(keys.byId()).hasSize(1);
        assertThat(audit.entries()).hasSize(audited);
    }

    @Test
    void commands_refuseSomethingThatIsNoOrganisationId() {
        assertThatThrownBy(() -> create("Slug", "acme-inc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("org_...");
        assertThatThrownBy(() -> new LinkOrganizationCommand(new WorkspaceId("aaaaaaaaaaaaaaaaaaaaaaaa"),
                Optional.of("org_ spaced"), CLI)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setStatus_switchesReadOnlyBothWays_auditsAndTellsEveryNode() {
        WorkspaceId id = create("Ro", null).workspaceId();

        assertThat(service.setStatus(id, WorkspaceStatus.READ_ONLY, CLI)).isTrue();
        assertThat(workspaces.byId().get(id).isReadOnly()).isTrue();
        assertThat(service.setStatus(id, WorkspaceStatus.ACTIVE, CLI)).isTrue();
        assertThat(workspaces.byId().get(id).isReadOnly()).isFalse();

        assertThat(audit.entries()).filteredOn(e -> e.action().equals("workspace.status"))
                .extracting(e -> e.detail().get("status")).containsExactly("read_only", "active");
        assertThat(notices.count()).isEqualTo(2);
    }

    @Test
    void setStatus_ofAnUnknownWorkspace_isFalse_andAnnouncesNothing() {
        assertThat(service.setStatus(new WorkspaceId("ffffffffffffffffffffffff"), WorkspaceStatus.READ_ONLY, CLI)).isFalse();
        assertThat(notices.count()).isZero();
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void link_setsReplacesAndClearsTheOrganisation_auditingEachChange() {
        WorkspaceId id = create("Linkable", null).workspaceId();

        assertThat(service.link(new LinkOrganizationCommand(id, Optional.of("org_a"), CLI)).externalId()).contains("org_a");
        assertThat(service.link(new LinkOrganizationCommand(id, Optional.of("org_a"), CLI)).externalId())
                .as("linking again is no conflict").contains("org_a");
        assertThat(service.link(new LinkOrganizationCommand(id, Optional.of("org_b"), CLI)).externalId()).contains("org_b");
        assertThat(service.link(new LinkOrganizationCommand(id, Optional.empty(), CLI)).externalId()).isEmpty();

        assertThat(workspaces.byId().get(id).externalId()).isEmpty();
        assertThat(audit.actions()).endsWith("workspace.link", "workspace.link", "workspace.link", "workspace.unlink");
    }

    @Test
    void link_toAnOrganisationAnotherWorkspaceHas_isAConflict_andChangesNothing() {
        WorkspaceId holder = create("Holder", "org_taken").workspaceId();
        WorkspaceId other = create("Other", null).workspaceId();

        assertThatThrownBy(() -> service.link(new LinkOrganizationCommand(other, Optional.of("org_taken"), CLI)))
                .isInstanceOfSatisfying(UseCaseException.class, e -> {
                    assertThat(e.code()).isEqualTo("CONFLICT");
                    assertThat(e.getMessage()).contains(holder.value());
                });
        assertThat(workspaces.byId().get(other).externalId()).isEmpty();
        assertThat(audit.actions()).doesNotContain("workspace.link");
    }

    @Test
    void link_ofAnUnknownWorkspace_isNotFound() {
        assertThatThrownBy(() -> service.link(new LinkOrganizationCommand(new WorkspaceId("ffffffffffffffffffffffff"),
                Optional.of("org_x"), CLI)))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
    }
}
