package ai.tuco.application.provider.port.out.spi;

import ai.tuco.domain.shared.Channel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One provider a line can send through. Implementations are thread-safe and hold no per-line state of their own
 * (the line's opened configuration comes with every call in {@link LineContext}); calls are made outside any
 * transaction, each bounded by the provider timeout by the caller. A method that throws is treated as a retryable
 * failure before the request went out; a provider that may have sent must answer {@link SendOutcome.Unknown} instead.
 */
public interface MessagingProvider {

    /** The name lines use in {@code provider}: lower case, {@code [a-z0-9-]{1,40}}, unique among loaded providers. */
    String name();

    /** The channels this provider can carry; a line may use any non-empty subset. */
    Set<Channel> channels();

    /** The fields of a line's {@code providerConfig}, in the order errors are reported. */
    List<ConfigField> configFields();

    /**
     * Checks across fields, after each field passed its own {@link ConfigField} rules: the problems found, each naming
     * its field ({@code providerConfig.<name>}) and never echoing a value. Default: none.
     */
    default List<ConfigField.Problem> validate(Map<String, String> config) {
        return List.of();
    }

    /** Sends one message. Never throws for a provider's refusal: that is a {@link SendOutcome.Rejected}. */
    SendOutcome send(SendRequest request) throws Exception;

    /**
     * For a send whose outcome was {@link SendOutcome.Unknown}: does the provider have this message? Called before any
     * resend; only {@link Reconciliation.NotFound} allows one. Default: the provider cannot tell.
     */
    default Reconciliation reconcile(SendRequest request) throws Exception {
        return new Reconciliation.CannotTell("this provider cannot look up a message it may have sent");
    }

    /** Whether {@code address} can receive iMessage from this line; asked only for iMessage sends. */
    default Availability iMessageAvailability(LineContext line, String address) throws Exception {
        return Availability.UNCHECKED;
    }

    /** Whether the line's configuration works now (credentials, reachability). The reason never echoes a response body. */
    HealthResult checkHealth(LineContext line) throws Exception;

    /** Decodes and authenticates callbacks the provider posts to {@code /hooks/{name}/{lineId}/...}. */
    default Optional<Callbacks> callbacks() {
        return Optional.empty();
    }

    /** Catches up on events the provider could not push (or posts only once). */
    default Optional<EventPoller> poller() {
        return Optional.empty();
    }

    /**
     * A line of this provider was created or its configuration or callback URL changed ({@code previous} is the old
     * context, if any): e.g. register the line's callback URL with the provider and remove the old one. Default: nothing.
     */
    default void lineConfigured(LineContext line, Optional<LineContext> previous) throws Exception {}

    /** A line of this provider was deleted: e.g. remove its callback registration. Default: nothing. */
    default void lineRemoved(LineContext line) throws Exception {}

    /** The answer to an iMessage availability question. */
    enum Availability {
        AVAILABLE,
        UNAVAILABLE,
        /** The provider cannot check (e.g. a relay without its private API): send to the first address. */
        UNCHECKED
    }
}
