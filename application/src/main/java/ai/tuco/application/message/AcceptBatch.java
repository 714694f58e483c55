package ai.tuco.application.message;

import ai.tuco.application.idempotency.port.out.IdempotencyRepository;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.application.message.port.in.SendMessageCommand;
import ai.tuco.application.message.port.in.SendMessageUseCase.Outcome;
import ai.tuco.application.message.port.in.SendMessageUseCase.SentMessage;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.out.OnConflict;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.MessageId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes a batch of accepts in one transaction (ADR 22): every item's reads are made for the whole batch at once and
 * its rows are written by multi-row statements, so a batch costs a handful of round trips whatever its size. Each item
 * is answered on its own: a refused item does not stop the others.
 *
 * <p>A first try inserts its messages and new leads as new rows ({@link OnConflict#FAIL}: ids are fresh and the leads
 * were just looked for), which spares PostgreSQL a unique-key probe and a confirmation per row (ADR 35). When the
 * transaction fails, a conflict with another transaction (deadlock), a lost connection (the commit may have happened)
 * or a row found stored after all (a lead another transaction inserted since the match; a message an earlier try
 * committed) runs the batch again with the same ids, skipping stored rows ({@link OnConflict#SKIP}): what an earlier
 * try committed is found and answered, never written twice. Any other failure splits the batch in halves until the
 * item that fails alone gets the answer it would get alone.
 */
final class AcceptBatch {
    static final int MAX_RETRIES = 3;

    /** One request to accept, validated, with the ids it will be written under given in advance. */
    record Item(SendMessageCommand command, MessageRequestValidator.Valid valid, MessageId id, LeadId freshLead) {}

    private final MessageRepository messages;
    private final LineRepository lines;
    private final TransactionRunner tx;
    private final Clock clock;
    private final BatchResolver resolver;
    private final BatchKeys keys;

    AcceptBatch(MessageRepository messages, LeadRepository leads, LineRepository lines, IdempotencyRepository keys,
            TransactionRunner tx, Clock clock, LineChoice lineChoice, LeadForMessage leadForMessage) {
        this.messages = messages;
        this.lines = lines;
        this.tx = tx;
        this.clock = clock;
        this.resolver = new BatchResolver(messages, leads, lineChoice, leadForMessage);
        this.keys = new BatchKeys(keys);
    }

    /** @return one outcome per item, in order */
    List<Outcome> write(List<Item> items) {
        return attempt(items, 0, OnConflict.FAIL);
    }

    private List<Outcome> attempt(List<Item> items, int retries, OnConflict onConflict) {
        try {
            return tx.inTransaction(() -> run(items, retries > 0, onConflict));
        } catch (RuntimeException e) {
            TransactionRunner.Failure failure = tx.classify(e);
            if (failure == TransactionRunner.Failure.DUPLICATE && onConflict == OnConflict.FAIL) {
                // a row this try took for new was stored: run it again skipping stored rows, as after a lost commit
                return attempt(items, retries + 1, OnConflict.SKIP);
            }
            if (failure == TransactionRunner.Failure.CONFLICT || failure == TransactionRunner.Failure.OUTCOME_UNKNOWN) {
                // nothing to blame on an item: run it all again, and past a few tries (the database is away) give up
                if (retries < MAX_RETRIES) {
                    return attempt(items, retries + 1, OnConflict.SKIP);
                }
                return items.stream().map(i -> Outcome.failed(e)).toList();
            }
            if (items.size() == 1) {
                return List.of(Outcome.failed(e));
            }
            // the halves keep skipping stored rows once a try may have committed some
            int half = items.size() / 2;
            List<Outcome> outcomes = new ArrayList<>(attempt(items.subList(0, half), 0, onConflict));
            outcomes.addAll(attempt(items.subList(half, items.size()), 0, onConflict));
            return outcomes;
        }
    }

    private List<Outcome> run(List<Item> items, boolean retried, OnConflict onConflict) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Outcome[] outcomes = new Outcome[items.size()];
        BatchKeys.Claims claims = keys.claim(items, now, outcomes);
        if (retried) {
            answerStored(items, outcomes);
        }
        BatchResolver.Resolution resolution = resolver.resolve(items, now, outcomes, onConflict);
        Set<MessageId> written = resolution.rows().isEmpty() ? Set.of()
                : messages.insertAcceptedAll(resolution.rows(), onConflict);
        Map<MessageId, SentMessage> sent = resolution.sent();
        List<Integer> unwritten = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            SentMessage s = sent.get(items.get(i).id());
            if (outcomes[i] == null && s != null) {
                if (written.contains(items.get(i).id())) {
                    outcomes[i] = Outcome.of(s);
                } else {
                    unwritten.add(i); // an earlier try of this batch committed it
                }
            }
        }
        if (!unwritten.isEmpty()) {
            answerStored(unwritten.stream().map(items::get).toList(), outcomes, unwritten);
        }
        keys.complete(claims, items, outcomes);
        return List.of(outcomes);
    }

    private void answerStored(List<Item> items, Outcome[] outcomes) {
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (outcomes[i] == null) {
                open.add(i);
            }
        }
        answerStored(open.stream().map(items::get).toList(), outcomes, open);
    }

    /** Answers items whose message an earlier try of the batch committed, from what is stored. */
    private void answerStored(List<Item> subset, Outcome[] outcomes, List<Integer> positions) {
        if (subset.isEmpty()) {
            return;
        }
        Map<MessageId, Message> stored = messages.findAll(subset.stream().map(Item::id).toList()).stream()
                .collect(Collectors.toMap(Message::id, Function.identity()));
        for (int k = 0; k < subset.size(); k++) {
            Item item = subset.get(k);
            Message m = stored.get(item.id());
            if (m != null) {
                outcomes[positions.get(k)] = Outcome.of(new SentMessage(
                        new MessageView(m, lines.findById(m.workspaceId(), m.lineId())), m.leadId(),
                        !m.leadId().equals(item.freshLead())));
            }
        }
    }

    /** The positions of the items without an outcome yet, grouped by {@code key} (a workspace: one read each). */
    static <T> Map<T, List<Integer>> groupBy(List<Item> items, Function<Item, T> key, Outcome[] outcomes) {
        Map<T, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (outcomes[i] == null) {
                groups.computeIfAbsent(key.apply(items.get(i)), k -> new ArrayList<>()).add(i);
            }
        }
        return groups;
    }
}
