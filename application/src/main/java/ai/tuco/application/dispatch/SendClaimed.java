package ai.tuco.application.dispatch;

import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.application.dispatch.port.out.UnsubscribeLinks;
import ai.tuco.application.provider.port.out.ProviderCalls;
import ai.tuco.application.provider.port.out.ProviderMetrics.Operation;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.LineContexts;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.MessagingProvider.Availability;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.application.provider.port.out.spi.Reconciliation;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.domain.shared.Channel;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The send step, outside any transaction, through the line's {@link MessagingProvider}: opens the line's configuration
 * ({@link LineContexts}); for iMessage asks which of the claim's addresses takes iMessage (in order, stopping at the
 * first; a provider that cannot tell sends to the first), then sends to that address (the first for other channels).
 * Every call is bounded by the provider timeout ({@link ProviderCalls}). A send whose outcome is unknown (the provider
 * said so, or the bound ran out after the request may have gone out) is reconciled at once: only a provider that
 * confirms it does not have the message lets it be sent again; one that cannot tell fails it
 * ({@value #OUTCOME_UNKNOWN}), so a message is never silently sent twice.
 */
public final class SendClaimed {
    static final String OUTCOME_UNKNOWN = "PROVIDER_OUTCOME_UNKNOWN";
    static final String NOT_SUPPORTED = "PROVIDER_NOT_SUPPORTED";
    static final String CONFIG_UNAVAILABLE = "PROVIDER_CONFIG_UNAVAILABLE";
    private static final System.Logger LOG = System.getLogger(SendClaimed.class.getName());

    private final ProviderDirectory providers;
    private final LineContexts contexts;
    private final ProviderCalls providerCalls;
    private final UnsubscribeLinks unsubscribeLinks;

    public SendClaimed(ProviderDirectory providers, LineContexts contexts, ProviderCalls providerCalls) {
        this(providers, contexts, providerCalls, UnsubscribeLinks.NONE);
    }

    /** @param unsubscribeLinks the link each email carries in {@code List-Unsubscribe} */
    public SendClaimed(ProviderDirectory providers, LineContexts contexts, ProviderCalls providerCalls,
            UnsubscribeLinks unsubscribeLinks) {
        this.providers = providers;
        this.contexts = contexts;
        this.providerCalls = providerCalls;
        this.unsubscribeLinks = unsubscribeLinks;
    }

    /** What a send came to, as the record step takes it. */
    public sealed interface Result {
        /** The provider has the message; {@code status}: what it already said of it (from a reconciliation). */
        record Sent(String externalId, Optional<StatusUpdate> status) implements Result {}

        /** Not sent, may be tried again (after {@code retryAfter} when the provider said). */
        record Retry(String code, String message, Optional<Duration> retryAfter) implements Result {}

        /** Not sent, never will be; {@code recipientOptedOut}: the address goes on the do-not-contact list. */
        record Failed(String code, String message, boolean recipientOptedOut) implements Result {}

        /** The provider refused the line's credentials: not the message's fault. */
        record CredentialsRejected(String code, String message) implements Result {}

        /** No address takes iMessage from this line; {@code checkedAddresses} lists those asked, in order. */
        record NotAvailable(List<String> checkedAddresses) implements Result {
            public NotAvailable {
                checkedAddresses = List.copyOf(checkedAddresses);
            }
        }
    }

    /**
     * What a send came to; {@code countsAsAttempt}: whether it uses up one of the message's send attempts (a provider
     * was asked, or the line's configuration could not be opened); {@code to}: the address it went (or would go) to.
     */
    public record Attempt(Result result, boolean countsAsAttempt, Optional<String> to) {
        public Attempt {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(to, "to");
        }
    }

    public Attempt send(Claim claim) {
        String name = claim.line().provider().name();
        Optional<MessagingProvider> found = providers.find(name);
        if (found.isEmpty()) {
            return new Attempt(new Result.Failed(NOT_SUPPORTED, "This node cannot send through " + name + " lines", false),
                    false, Optional.empty());
        }
        MessagingProvider provider = found.get();
        LineContext line;
        try {
            line = contexts.open(claim.line());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "line {0}: its provider configuration could not be opened: {1}",
                    claim.line().id().value(), e.getClass().getSimpleName());
            return new Attempt(new Result.Retry(CONFIG_UNAVAILABLE, "The line's provider configuration could not be opened",
                    Optional.empty()), true, Optional.empty());
        }
        String to = claim.addresses().get(0);
        if (claim.channel() == Channel.IMESSAGE) {
            to = null;
            List<String> checked = new ArrayList<>();
            for (String address : claim.addresses()) {
                checked.add(address);
                try {
                    Availability answer = providerCalls.call(name, Operation.IMESSAGE_AVAILABILITY,
                            () -> provider.iMessageAvailability(line, address));
                    if (answer != Availability.UNAVAILABLE) { // UNCHECKED: the provider cannot tell, send to this one
                        to = address;
                        break;
                    }
                } catch (ProviderCalls.Failed e) {
                    return new Attempt(new Result.Retry(e.code(), e.getMessage(), Optional.empty()), true, Optional.empty());
                }
            }
            if (to == null) {
                return new Attempt(new Result.NotAvailable(checked), true, Optional.empty());
            }
        }
        Optional<URI> unsubscribe = claim.channel() == Channel.EMAIL ? unsubscribeLinks.forMessage(claim.messageId()) : Optional.empty();
        SendRequest request = new SendRequest(claim.messageId(), line, claim.channel(), to, claim.subject(), claim.text(),
                claim.attempt(), unsubscribe);
        SendOutcome outcome;
        try {
            outcome = providerCalls.call(name, Operation.SEND, () -> provider.send(request));
        } catch (ProviderCalls.Failed e) {
            if (!e.timedOut()) {
                return new Attempt(new Result.Retry(e.code(), e.getMessage(), Optional.empty()), true, Optional.of(to));
            }
            return new Attempt(reconcile(provider, request, e.code(), e.getMessage()), true, Optional.of(to));
        }
        return new Attempt(result(provider, request, outcome), true, Optional.of(to));
    }

    private Result result(MessagingProvider provider, SendRequest request, SendOutcome outcome) {
        if (outcome == null) {
            return new Result.Retry(ProviderCalls.ERROR_CODE, "The provider answered nothing", Optional.empty());
        }
        if (outcome instanceof SendOutcome.Accepted a) {
            return new Result.Sent(a.externalId(), Optional.empty());
        }
        if (outcome instanceof SendOutcome.Rejected r) {
            return r.retryable() && !r.recipientOptedOut()
                    ? new Result.Retry(r.code(), r.message(), r.retryAfter())
                    : new Result.Failed(r.code(), r.message(), r.recipientOptedOut());
        }
        if (outcome instanceof SendOutcome.CredentialsRejected c) {
            return new Result.CredentialsRejected(c.code(), c.message());
        }
        return reconcile(provider, request, OUTCOME_UNKNOWN, ((SendOutcome.Unknown) outcome).reason());
    }

    /** @param code what a resend after a confirmed "not found" records: why the first try's outcome was unknown */
    private Result reconcile(MessagingProvider provider, SendRequest request, String code, String reason) {
        Reconciliation answer;
        try {
            answer = providerCalls.call(provider.name(), Operation.RECONCILE, () -> provider.reconcile(request));
        } catch (ProviderCalls.Failed e) {
            answer = new Reconciliation.CannotTell(e.getMessage());
        }
        if (answer == null) {
            answer = new Reconciliation.CannotTell("the provider answered nothing");
        }
        if (answer instanceof Reconciliation.Found f) {
            return new Result.Sent(f.externalId(), f.status());
        }
        if (answer instanceof Reconciliation.NotFound) {
            return new Result.Retry(code, "The provider did not answer the send (" + reason
                    + ") and confirmed it does not have the message: it is sent again", Optional.empty());
        }
        return new Result.Failed(OUTCOME_UNKNOWN, "The provider did not answer the send (" + reason
                + ") and cannot tell whether it has the message (" + ((Reconciliation.CannotTell) answer).reason()
                + "): not sent again", false);
    }
}
