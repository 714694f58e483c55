package ai.tuco.application.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.demo.port.in.SeedDemoUseCase.DemoSeed;
import ai.tuco.application.demo.port.in.SeedDemoUseCase;
import ai.tuco.application.line.CreateLineService;
import ai.tuco.application.testing.CountingIds;
import ai.tuco.application.testing.FakeInstanceFlags;
import ai.tuco.application.testing.FakeLeads;
import ai.tuco.application.testing.FakeLines;
import ai.tuco.application.testing.FakePhoneNormalizer;
import ai.tuco.application.testing.FakeUsers;
import ai.tuco.application.testing.FakeWorkspaces;
import ai.tuco.application.testing.InlineTransactions;
import ai.tuco.application.testing.RecordingAuditLog;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoSeederTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T05:06:07Z"));
    final FakeWorkspaces workspaces = new FakeWorkspaces();
    final FakeLeads leads = new FakeLeads();
    final FakeInstanceFlags flags = new FakeInstanceFlags();
    final FakeLines lines = new FakeLines();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final CreateWorkspaceUseCase createWorkspace = command -> {
        var id = new WorkspaceId("abababababababababababab");
        workspaces.insert(new Workspace(id, command.name(), WorkspaceStatus.ACTIVE, command.defaultCountry(), command.externalId(),
                clock.instant()));
        return new CreateWorkspaceUseCase.CreatedWorkspace(id, "tuco_sk_demo");
    };
    final DemoSeeder seeder = new DemoSeeder(workspaces, leads, flags, createWorkspace,
            new CreateLineService(lines, new FakeUsers(), new FakePhoneNormalizer(), ai.tuco.application.testing.FakeProviders.standard(),
                    audit, new InlineTransactions(), new CountingIds(0xa1001), clock),
            new InlineTransactions(), clock);

    @Test
    void givenAnEmptyDatabase_seedIfEmpty_seedsThreeSandboxLinesAndJohnOnce() {
        DemoSeed seed = seeder.seedIfEmpty().orElseThrow();

        assertThat(seed.workspaceId()).isEqualTo(new WorkspaceId("abababababababababababab"));
        assertThat(seed.apiKey()).isEqualTo("tuco_sk_demo");
        assertThat(seed.imessageLine()).isEqualTo(SeedDemoUseCase.DEMO_IMESSAGE_LINE);
        assertThat(seed.lead()).isEqualTo(SeedDemoUseCase.DEMO_LEAD);
        Line imessage = lines.rows().get(seed.imessageLine());
        Line sms = lines.rows().get(seed.smsLine());
        Line email = lines.rows().get(seed.emailLine());
        assertThat(List.of(imessage, sms, email)).allSatisfy(l -> {
            assertThat(l.workspaceId()).isEqualTo(seed.workspaceId());
            assertThat(l.provider()).isEqualTo(Provider.SANDBOX);
        });
        assertThat(imessage.channels()).containsExactly(Channel.IMESSAGE);
        assertThat(imessage.phone()).contains(new E164Phone("+14155550100"));
        assertThat(sms.phone()).contains(new E164Phone("+14155550101"));
        assertThat(email.channels()).containsExactly(Channel.EMAIL);
        assertThat(email.email()).contains(EmailAddress.parse("demo@tuco.example"));
        assertThat(audit.entries()).extracting(e -> e.actor().id()).containsOnly("demo-seed");
        assertThat(leads.all()).singleElement().satisfies(l -> {
            assertThat(l.id()).isEqualTo(SeedDemoUseCase.DEMO_LEAD);
            assertThat(l.firstName()).isEqualTo("John");
        });

        assertThat(seeder.seedIfEmpty()).isEmpty();
        assertThat(lines.rows()).hasSize(3);
        assertThat(leads.all()).hasSize(1);
    }

    @Test
    void givenADatabaseSeededOnceAndEmptiedSince_seedIfEmpty_seedsNothing() {
        flags.setOnce(DemoSeeder.FLAG);
        assertThat(seeder.seedIfEmpty()).isEmpty();
        assertThat(workspaces.byId()).isEmpty();
    }

    @Test
    void givenAnyWorkspace_seedIfEmpty_seedsNothing() {
        workspaces.insert(new Workspace(new WorkspaceId("cdcdcdcdcdcdcdcdcdcdcdcd"), "Real", WorkspaceStatus.ACTIVE, "US",
                Optional.empty(), clock.instant()));
        assertThat(seeder.seedIfEmpty()).isEmpty();
        assertThat(lines.rows()).isEmpty();
        assertThat(flags.set()).isEmpty();
    }
}
