package ai.tuco.application.demo;

import ai.tuco.application.demo.port.in.SeedDemoUseCase;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.line.port.in.CreateLineUseCase.CreateLineCommand;
import ai.tuco.application.line.port.in.CreateLineUseCase;
import ai.tuco.application.line.port.in.LineInput;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.out.InstanceFlags;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase.CreateWorkspaceCommand;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.workspace.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seeds a demo workspace (three sandbox lines and the lead "John") so that the product page's examples run
 * verbatim against a fresh install. Runs only on a database with no workspace, and only once in its life.
 */
public final class DemoSeeder implements SeedDemoUseCase {
    static final String FLAG = "demo_seeded";
    private static final Actor ACTOR = Actor.system("demo-seed");

    private final WorkspaceRepository workspaces;
    private final LeadRepository leads;
    private final InstanceFlags flags;
    private final CreateWorkspaceUseCase createWorkspace;
    private final CreateLineUseCase createLine;
    private final TransactionRunner tx;
    private final Clock clock;

    public DemoSeeder(
            WorkspaceRepository workspaces,
            LeadRepository leads,
            InstanceFlags flags,
            CreateWorkspaceUseCase createWorkspace,
            CreateLineUseCase createLine,
            TransactionRunner tx,
            Clock clock) {
        this.workspaces = workspaces;
        this.leads = leads;
        this.flags = flags;
        this.createWorkspace = createWorkspace;
        this.createLine = createLine;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public Optional<DemoSeed> seedIfEmpty() {
        return tx.inTransaction(() -> {
            if (workspaces.any() || !flags.setOnce(FLAG)) {
                return Optional.empty();
            }
            var workspace = createWorkspace.create(
                    new CreateWorkspaceCommand("Demo workspace", "US", Optional.empty(), ACTOR));
            Caller admin = new Caller(workspaces.findById(workspace.workspaceId()).orElseThrow(), Role.ADMIN,
                    Optional.empty(), Optional.empty());
            LineId imessage = line(admin, Channel.IMESSAGE, "+14155550100", "Demo iMessage line", Optional.of(DEMO_IMESSAGE_LINE));
            LineId sms = line(admin, Channel.SMS, "+14155550101", "Demo SMS line", Optional.empty());
            LineId email = line(admin, Channel.EMAIL, "demo@tuco.example", "Demo email line", Optional.empty());
            Instant now = clock.instant();
            leads.insert(new Lead(
                    DEMO_LEAD,
                    workspace.workspaceId(),
                    "John",
                    "Doe",
                    Optional.of(new E164Phone("+12025551234")),
                    Optional.of(EmailAddress.parse("john@example.com")),
                    List.of(),
                    List.of(),
                    "Acme Inc",
                    "Head of Sales",
                    "",
                    Map.of(),
                    Optional.empty(),
                    "demo",
                    now,
                    now));
            return Optional.of(new DemoSeed(workspace.workspaceId(), workspace.apiKey(), imessage, sms, email, DEMO_LEAD));
        });
    }

    private LineId line(Caller admin, Channel channel, String address, String name, Optional<LineId> id) {
        Optional<String> phone = channel.usesPhone() ? Optional.of(address) : Optional.empty();
        Optional<String> email = channel.usesPhone() ? Optional.empty() : Optional.of(address);
        LineInput fields = LineInput.of("sandbox", List.of(channel.wireName()), phone, email, name);
        return createLine.create(admin, ACTOR, new CreateLineCommand(fields, id)).line().id();
    }
}
