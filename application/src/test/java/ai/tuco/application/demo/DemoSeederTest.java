package ai.tuco.application.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.demo.port.in.SeedDemoUseCase.DemoSeed;
import ai.tuco.application.demo.port.in.SeedDemoUseCase;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.line.CreateLineService;
import ai.tuco.application.line.LineFakes;
import ai.tuco.application.shared.port.out.InstanceFlags;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import ai.tuco.domain.lead.Availability;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoSeederTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T05:06:07Z"));
    final Workspaces workspaces = new Workspaces();
    final Leads leads = new Leads();
    final Flags flags = new Flags();
    final LineFakes.Lines lines = new LineFakes.Lines();
    final LineFakes.Audit audit = new LineFakes.Audit();
    final CreateWorkspaceUseCase createWorkspace = command -> {
        var id = new WorkspaceId("abababababababababababab");
        workspaces.insert(new Workspace(id, command.name(), WorkspaceStatus.ACTIVE, command.defaultCountry(), command.externalId(),
                clock.instant()));
        return new CreateWorkspaceUseCase.CreatedWorkspace(id, "tuco_sk_demo");
    };
    final DemoSeeder seeder = new DemoSeeder(workspaces, leads, flags, createWorkspace,
            new CreateLineService(lines, new LineFakes.Users(new WorkspaceId("abababababababababababab")), new LineFakes.Phones(),
                    audit, new LineFakes.Tx(), new LineFakes.Ids(), clock),
            new LineFakes.Tx(), clock);

    @Test
    void givenAnEmptyDatabase_seedIfEmpty_seedsThreeSandboxLinesAndJohnOnce() {
        DemoSeed seed = seeder.seedIfEmpty().orElseThrow();

        assertThat(seed.workspaceId()).isEqualTo(new WorkspaceId("abababababababababababab"));
        assertThat(seed.apiKey()).isEqualTo("tuco_sk_demo");
        assertThat(seed.imessageLine()).isEqualTo(SeedDemoUseCase.DEMO_IMESSAGE_LINE);
        assertThat(seed.lead()).isEqualTo(SeedDemoUseCase.DEMO_LEAD);
        Line imessage = lines.rows.get(seed.imessageLine());
        Line sms = lines.rows.get(seed.smsLine());
        Line email = lines.rows.get(seed.emailLine());
        assertThat(List.of(imessage, sms, email)).allSatisfy(l -> {
            assertThat(l.workspaceId()).isEqualTo(seed.workspaceId());
            assertThat(l.provider()).isEqualTo(Provider.SANDBOX);
        });
        assertThat(imessage.channels()).containsExactly(Channel.IMESSAGE);
        assertThat(imessage.phone()).contains(new E164Phone("+14155550100"));
        assertThat(sms.phone()).contains(new E164Phone("+14155550101"));
        assertThat(email.channels()).containsExactly(Channel.EMAIL);
        assertThat(email.email()).contains(EmailAddress.parse("demo@tuco.example"));
        assertThat(audit.entries).extracting(e -> e.actor().id()).containsOnly("demo-seed");
        assertThat(leads.rows).singleElement().satisfies(l -> {
            assertThat(l.id()).isEqualTo(SeedDemoUseCase.DEMO_LEAD);
            assertThat(l.firstName()).isEqualTo("John");
        });

        assertThat(seeder.seedIfEmpty()).isEmpty();
        assertThat(lines.rows).hasSize(3);
        assertThat(leads.rows).hasSize(1);
    }

    @Test
    void givenADatabaseSeededOnceAndEmptiedSince_seedIfEmpty_seedsNothing() {
        flags.set.add(DemoSeeder.FLAG);
        assertThat(seeder.seedIfEmpty()).isEmpty();
        assertThat(workspaces.rows).isEmpty();
    }

    @Test
    void givenAnyWorkspace_seedIfEmpty_seedsNothing() {
        workspaces.insert(new Workspace(new WorkspaceId("cdcdcdcdcdcdcdcdcdcdcdcd"), "Real", WorkspaceStatus.ACTIVE, "US",
                Optional.empty(), clock.instant()));
        assertThat(seeder.seedIfEmpty()).isEmpty();
        assertThat(lines.rows).isEmpty();
        assertThat(flags.set).isEmpty();
    }

    static final class Workspaces implements WorkspaceRepository {
        final Map<WorkspaceId, Workspace> rows = new LinkedHashMap<>();

        @Override
        public void insert(Workspace workspace) {
            rows.put(workspace.id(), workspace);
        }

        @Override
        public Optional<Workspace> findById(WorkspaceId id) {
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public Optional<Workspace> findByExternalId(String externalId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean setStatus(WorkspaceId id, WorkspaceStatus status) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean any() {
            return !rows.isEmpty();
        }
    }

    static final class Flags implements InstanceFlags {
        final Set<String> set = new HashSet<>();

        @Override
        public boolean setOnce(String flag) {
            return set.add(flag);
        }
    }

    /** Only {@code insert} is used by the seeder. */
    static final class Leads implements LeadRepository {
        final List<Lead> rows = new ArrayList<>();

        @Override
        public void insert(Lead lead) {
            rows.add(lead);
        }

        @Override
        public Optional<Lead> findById(WorkspaceId workspaceId, LeadId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Lead> findByPhone(WorkspaceId workspaceId, E164Phone phone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Lead> findByEmail(WorkspaceId workspaceId, EmailAddress email) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean insertIfAbsent(Lead lead) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Lead> findMatching(WorkspaceId workspaceId, Collection<E164Phone> phones, Collection<EmailAddress> emails) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Boolean> insertAllIfAbsent(List<Lead> leads) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean update(Lead lead) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<LeadId> delete(WorkspaceId workspaceId, Collection<LeadId> ids, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SearchResult search(WorkspaceId workspaceId, Optional<String> search, Optional<String> listId, int offset, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setAvailability(WorkspaceId workspaceId, LeadId id, Availability status, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void updateAlternates(WorkspaceId workspaceId, LeadId id, List<E164Phone> altPhones, List<EmailAddress> altEmails,
                Instant at) {
            throw new UnsupportedOperationException();
        }
    }
}
