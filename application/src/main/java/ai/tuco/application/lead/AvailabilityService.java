package ai.tuco.application.lead;

import ai.tuco.application.lead.port.in.CheckAvailabilityUseCase;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.provider.port.out.ProviderCalls;
import ai.tuco.application.provider.port.out.ProviderMetrics.Operation;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.LineContexts;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.lead.Availability;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Asks an active iMessage line's provider whether the lead's addresses take iMessage, in the order a message would
 * try them (phone, alternate phones, email, alternate emails): {@code available} as soon as one does,
 * {@code unavailable} when none does (or the lead has no address), {@code error} when no active line of the workspace
 * can send iMessage, its provider is not loaded on this node or cannot check, or the provider fails or does not answer
 * within the timeout.
 * The answer is written on the lead ({@code availabilityStatus}).
 */
public final class AvailabilityService implements CheckAvailabilityUseCase {
    private static final System.Logger LOG = System.getLogger(AvailabilityService.class.getName());

    private final LeadRepository leads;
    private final LineRepository lines;
    private final ProviderDirectory providers;
    private final LineContexts contexts;
    private final ProviderCalls providerCalls;
    private final Clock clock;

    /** @param providerCalls runs each provider call, so {@code timeout} can bound it (as for sends) */
    public AvailabilityService(LeadRepository leads, LineRepository lines, ProviderDirectory providers,
            LineContexts contexts, ExecutorService providerCalls, Duration timeout, Clock clock) {
        this(leads, lines, providers, contexts, new ProviderCalls(providerCalls, timeout), clock);
    }

    /** @param providerCalls the bounded (and measured) way to call a provider, shared with sends */
    public AvailabilityService(LeadRepository leads, LineRepository lines, ProviderDirectory providers,
            LineContexts contexts, ProviderCalls providerCalls, Clock clock) {
        this.leads = leads;
        this.lines = lines;
        this.providers = providers;
        this.contexts = contexts;
        this.providerCalls = providerCalls;
        this.clock = clock;
    }

    @Override
    public Checked check(Caller caller, LeadId id) {
        Lead lead = leads.findById(caller.workspace().id(), id).orElseThrow(() -> UseCaseException.notFound("Lead"));
        Availability status = lines.listByWorkspace(caller.workspace().id()).stream()
                .filter(l -> l.canSend(Channel.IMESSAGE))
                .findFirst() // listByWorkspace is in creation order: the workspace's first iMessage line
                .map(line -> ask(line, addresses(lead)))
                .orElse(Availability.ERROR);
        leads.setAvailability(caller.workspace().id(), id, status, clock.instant());
        return new Checked(id, status);
    }

    private static List<String> addresses(Lead lead) {
        List<String> out = new ArrayList<>();
        lead.phone().ifPresent(p -> out.add(p.value()));
        lead.altPhones().forEach(p -> out.add(p.value()));
        lead.email().ifPresent(e -> out.add(e.value()));
        lead.altEmails().forEach(e -> out.add(e.value()));
        return out.stream().distinct().toList();
    }

    private Availability ask(Line line, List<String> addresses) {
        Optional<MessagingProvider> provider = providers.find(line.provider().name());
        if (provider.isEmpty()) {
            return Availability.ERROR;
        }
        try {
            LineContext context = contexts.open(line);
            for (String address : addresses) {
                MessagingProvider.Availability answer = providerCalls.call(line.provider().name(),
                        Operation.IMESSAGE_AVAILABILITY, () -> provider.get().iMessageAvailability(context, address));
                if (answer == MessagingProvider.Availability.AVAILABLE) {
                    return Availability.AVAILABLE;
                }
                if (answer != MessagingProvider.Availability.UNAVAILABLE) {
                    return Availability.ERROR; // the provider cannot check
                }
            }
            return Availability.UNAVAILABLE;
        } catch (ProviderCalls.Failed e) {
            LOG.log(System.Logger.Level.WARNING, "availability check: " + e.code() + " " + e.getMessage());
            return Availability.ERROR;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "availability check: line " + line.id().value()
                    + ": its provider configuration could not be opened (" + e.getClass().getSimpleName() + ")");
            return Availability.ERROR;
        }
    }
}
