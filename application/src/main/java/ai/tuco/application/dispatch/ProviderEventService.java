package ai.tuco.application.dispatch;

import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase;
import ai.tuco.application.dispatch.port.out.MessageLookup;
import ai.tuco.application.message.port.in.SendFallbackSmsUseCase;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.ProviderReport;
import ai.tuco.domain.message.Transition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Applies provider events with the domain's forward-only rule; every event, taken or ignored, is appended to the history. */
public final class ProviderEventService implements RecordProviderEventUseCase {
    private final TransactionRunner tx;
    private final MessageLookup lookup;
    private final MessageRepository messages;
    private final Clock clock;
    private final SendFallbackSmsUseCase fallbackSms;

    public ProviderEventService(TransactionRunner tx, MessageLookup lookup, MessageRepository messages, Clock clock,
            SendFallbackSmsUseCase fallbackSms) {
        this.fallbackSms = fallbackSms;
        this.tx = tx;
        this.lookup = lookup;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public Result record(ProviderEvent event) {
        return tx.inTransaction(() -> apply(event));
    }

    @Override
    public List<Result> recordAll(List<ProviderEvent> events) {
        return events.isEmpty() ? List.of() : tx.inTransaction(() -> events.stream().map(this::apply).toList());
    }

    private Result apply(ProviderEvent event) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<Message> found = event.messageId().isPresent()
                ? lookup.findForUpdate(event.messageId().get())
                : lookup.findForUpdateByExternalId(event.externalId().get());
        if (found.isEmpty()) {
            return Result.UNKNOWN_MESSAGE;
        }
        Message m = found.get();
        Transition t = switch (event.kind()) {
            case READ -> m.markRead(now);
            case SENT -> m.applyProviderStatus(now, ProviderReport.sent());
            case DELIVERED -> m.applyProviderStatus(now, ProviderReport.delivered());
            case FAILED -> m.applyProviderStatus(now, ProviderReport.failed(
                    event.errorCode().filter(s -> !s.isBlank()).orElse("PROVIDER_FAILED"),
                    event.errorMessage().filter(s -> !s.isBlank()).orElse("The provider reported the message as failed")));
        };
        messages.recordTransition(t);
        if (!t.ignored() && t.message().status() == MessageStatus.FAILED) {
            fallbackSms.sendFor(t.message(), now);
        }
        return t.ignored() ? Result.IGNORED : Result.APPLIED;
    }
}
