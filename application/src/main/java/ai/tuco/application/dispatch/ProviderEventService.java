package ai.tuco.application.dispatch;

import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase;
import ai.tuco.application.dispatch.port.out.EarlyUpdates;
import ai.tuco.application.dispatch.port.out.MessageLookup;
import ai.tuco.application.message.port.in.SendFallbackSmsUseCase;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.ProviderReport;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Applies provider events with the domain's forward-only rule; every event, taken or ignored, is appended to the history. */
public final class ProviderEventService implements RecordProviderEventUseCase {
    private final TransactionRunner tx;
    private final MessageLookup lookup;
    private final MessageRepository messages;
    private final Clock clock;
    private final SendFallbackSmsUseCase fallbackSms;
    private final EarlyUpdates early;

    public ProviderEventService(TransactionRunner tx, MessageLookup lookup, MessageRepository messages, Clock clock,
            SendFallbackSmsUseCase fallbackSms) {
        this(tx, lookup, messages, clock, fallbackSms, EarlyUpdates.NONE);
    }

    /** @param early where line-scoped events naming a provider id no message has yet are kept */
    public ProviderEventService(TransactionRunner tx, MessageLookup lookup, MessageRepository messages, Clock clock,
            SendFallbackSmsUseCase fallbackSms, EarlyUpdates early) {
        this.early = early;
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

    /**
     * Events naming our message ids (a poll's batch): the messages locked in one statement, their transitions written
     * as one batch, in the events' order (a failure that sends the fallback is written at once, before its fallback).
     */
    @Override
    public List<Result> recordAll(List<ProviderEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        return tx.inTransaction(() -> events.stream().allMatch(e -> e.messageId().isPresent())
                ? applyInBulk(events)
                : events.stream().map(this::apply).toList());
    }

    private List<Result> applyInBulk(List<ProviderEvent> events) {
        Map<MessageId, Message> current = new HashMap<>(lookup.findAllForUpdate(
                events.stream().map(e -> e.messageId().get()).toList()));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Transition> pending = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        for (ProviderEvent event : events) {
            Message m = current.get(event.messageId().get());
            if (m == null) {
                results.add(Result.UNKNOWN_MESSAGE);
                continue;
            }
            Transition t = transition(m, event.kind(), event.errorCode(), event.errorMessage(), now);
            current.put(m.id(), t.message());
            results.add(t.ignored() ? Result.IGNORED : Result.APPLIED);
            if (!t.ignored() && t.message().status() == MessageStatus.FAILED) {
                messages.recordTransitions(pending);
                pending.clear();
                messages.recordTransition(t);
                fallbackSms.sendFor(t.message(), now);
            } else {
                pending.add(t);
            }
        }
        messages.recordTransitions(pending);
        return results;
    }

    @Override
    public List<Result> recordForLine(LineId line, List<ProviderEvent> events) {
        return events.isEmpty() ? List.of() : tx.inTransaction(() -> events.stream().map(e -> applyForLine(line, e)).toList());
    }

    private Result applyForLine(LineId line, ProviderEvent event) {
        if (event.messageId().isPresent()) {
            Optional<Message> found = lookup.findForUpdate(event.messageId().get()).filter(m -> m.lineId().equals(line));
            return found.isEmpty() ? Result.UNKNOWN_MESSAGE : apply(found.get(), event);
        }
        String externalId = event.externalId().orElseThrow();
        early.guard(line, externalId);
        Optional<Message> found = lookup.findForUpdateByExternalId(line, externalId);
        if (found.isEmpty()) {
            early.keep(line, new StatusUpdate(Optional.empty(), Optional.of(externalId), StatusUpdate.Kind.valueOf(event.kind().name()),
                    event.errorCode(), event.errorMessage(), Optional.empty()), clock.instant().truncatedTo(ChronoUnit.MILLIS));
            return Result.KEPT;
        }
        return apply(found.get(), event);
    }

    private Result apply(ProviderEvent event) {
        Optional<Message> found = event.messageId().isPresent()
                ? lookup.findForUpdate(event.messageId().get())
                : lookup.findForUpdateByExternalId(event.externalId().get());
        return found.isEmpty() ? Result.UNKNOWN_MESSAGE : apply(found.get(), event);
    }

    private Result apply(Message m, ProviderEvent event) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Transition t = transition(m, event.kind(), event.errorCode(), event.errorMessage(), now);
        messages.recordTransition(t);
        if (!t.ignored() && t.message().status() == MessageStatus.FAILED) {
            fallbackSms.sendFor(t.message(), now);
        }
        return t.ignored() ? Result.IGNORED : Result.APPLIED;
    }

    /** What a provider's word does to a message: the domain's forward-only rule (an ignored event is still recorded). */
    static Transition transition(Message m, Kind kind, Optional<String> errorCode, Optional<String> errorMessage, Instant now) {
        return switch (kind) {
            case READ -> m.markRead(now);
            case SENT -> m.applyProviderStatus(now, ProviderReport.sent());
            case DELIVERED -> m.applyProviderStatus(now, ProviderReport.delivered());
            case FAILED -> m.applyProviderStatus(now, ProviderReport.failed(
                    errorCode.filter(s -> !s.isBlank()).orElse("PROVIDER_FAILED"),
                    errorMessage.filter(s -> !s.isBlank()).orElse("The provider reported the message as failed")));
        };
    }
}
