package ai.tuco.adapters.persistence.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.workspace.port.out.OrganizationLinks.LinkResult;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbiWorkspaceRepositoryTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();
    static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    static final AtomicInteger IDS = new AtomicInteger();

    final JdbiWorkspaceRepository repository = new JdbiWorkspaceRepository(db.jdbi());

    static Workspace workspace(String organization) {
        return new Workspace(new WorkspaceId(String.format("%024x", IDS.incrementAndGet())), "Acme", WorkspaceStatus.ACTIVE,
                "GB", Optional.ofNullable(organization), AT);
    }

    @Test
    void insert_thenFindById_readsEveryField() {
        Workspace w = workspace("org_read");
        repository.insert(w);

        assertThat(repository.findById(w.id())).contains(w);
        assertThat(repository.findById(new WorkspaceId("ffffffffffffffffffffffff"))).isEmpty();
    }

    @Test
    void findByExternalId_findsTheLinkedWorkspaceOnly() {
        Workspace linked = workspace("org_find");
        repository.insert(linked);
        repository.insert(workspace(null));

        assertThat(repository.findByExternalId("org_find")).contains(linked);
        assertThat(repository.findByExternalId("org_nobody")).isEmpty();
    }

    @Test
    void setStatus_changesOnlyThatWorkspace_andIsFalseForAnUnknownOne() {
        Workspace w = workspace(null);
        Workspace other = workspace(null);
        repository.insert(w);
        repository.insert(other);

        assertThat(repository.setStatus(w.id(), WorkspaceStatus.READ_ONLY)).isTrue();
        assertThat(repository.findById(w.id()).orElseThrow().status()).isEqualTo(WorkspaceStatus.READ_ONLY);
        assertThat(repository.findById(other.id()).orElseThrow().status()).isEqualTo(WorkspaceStatus.ACTIVE);
        assertThat(repository.setStatus(new WorkspaceId("ffffffffffffffffffffffff"), WorkspaceStatus.ACTIVE)).isFalse();
    }

    @Test
    void any_isTrueOnceAWorkspaceExists() {
        db.exec("DELETE FROM workspaces"); // no other table of this class's database refers to them
        assertThat(repository.any()).isFalse();
        repository.insert(workspace(null));
        assertThat(repository.any()).isTrue();
    }

    @Test
    void insertUnlessOrganizationTaken_insertsOnce_perOrganisation() {
        Workspace first = workspace("org_once");
        Workspace second = workspace("org_once");

        assertThat(repository.insertUnlessOrganizationTaken(first)).isTrue();
        assertThat(repository.insertUnlessOrganizationTaken(second)).isFalse();
        assertThat(repository.findById(second.id())).isEmpty();
        assertThat(repository.insertUnlessOrganizationTaken(workspace(null))).as("unlinked workspaces never clash").isTrue();
        assertThat(repository.insertUnlessOrganizationTaken(workspace(null))).isTrue();
    }

    @Test
    void setOrganization_linksRelinksAndUnlinks() {
        Workspace w = workspace(null);
        repository.insert(w);

        assertThat(repository.setOrganization(w.id(), Optional.of("org_l1"))).isEqualTo(LinkResult.LINKED);
        assertThat(repository.findByExternalId("org_l1")).map(Workspace::id).contains(w.id());
        assertThat(repository.setOrganization(w.id(), Optional.of("org_l1"))).as("again").isEqualTo(LinkResult.LINKED);
        assertThat(repository.setOrganization(w.id(), Optional.of("org_l2"))).isEqualTo(LinkResult.LINKED);
        assertThat(repository.findByExternalId("org_l1")).isEmpty();
        assertThat(repository.setOrganization(w.id(), Optional.empty())).isEqualTo(LinkResult.LINKED);
        assertThat(repository.findById(w.id()).orElseThrow().externalId()).isEmpty();
    }

    @Test
    void setOrganization_refusesAnOrganisationAnotherWorkspaceHas_andAnUnknownWorkspace() {
        Workspace holder = workspace("org_held");
        Workspace other = workspace(null);
        repository.insert(holder);
        repository.insert(other);

        assertThat(repository.setOrganization(other.id(), Optional.of("org_held"))).isEqualTo(LinkResult.ORGANIZATION_TAKEN);
        assertThat(repository.findById(other.id()).orElseThrow().externalId()).isEmpty();
        assertThat(repository.findByExternalId("org_held")).map(Workspace::id).contains(holder.id());
        assertThat(repository.setOrganization(new WorkspaceId("ffffffffffffffffffffffff"), Optional.of("org_new")))
                .isEqualTo(LinkResult.NO_SUCH_WORKSPACE);
        assertThat(repository.setOrganization(new WorkspaceId("ffffffffffffffffffffffff"), Optional.empty()))
                .isEqualTo(LinkResult.NO_SUCH_WORKSPACE);
    }
}
