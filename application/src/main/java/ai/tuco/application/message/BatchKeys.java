package ai.tuco.application.message;

import ai.tuco.application.idempotency.port.out.IdempotencyRepository;
import ai.tuco.application.message.AcceptBatch.Item;
import ai.tuco.application.message.port.in.SendMessageCommand.IdempotencyKey;
import ai.tuco.application.message.port.in.SendMessageUseCase.Outcome;
import ai.tuco.application.message.port.in.SendMessageUseCase.Replayed;
import ai.tuco.application.message.port.in.SendMessageUseCase.SentMessage;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.shared.WorkspaceId;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Idempotency-Keys of a batch of accepts, claimed at the start of its transaction and answered at its end, so the
 * stored answer commits with the message or not at all. A claim waits for another transaction holding the same key,
 * then finds its answer. Two items of one batch with the same key are one request: the first is accepted, the second
 * gets its answer back (or 422 when its request differs).
 */
final class BatchKeys {
    static final Duration RETENTION = Duration.ofHours(24);
    /** A key left running this long (by a request on a node that died) may be taken over. */
    static final Duration STALE = Duration.ofMinutes(2);

    /** The placeholder outcome of a repeat until its first item is answered. */
    private static final Outcome FOLLOWS = Outcome.failed(new IllegalStateException("answered with an earlier item"));

    private final IdempotencyRepository records;

    BatchKeys(IdempotencyRepository records) {
        this.records = records;
    }

    /**
     * @param owners per workspace, each claimed key and the position of the item it belongs to
     * @param followers the position of an item repeating an earlier item's key → that item's position
     */
    record Claims(Map<WorkspaceId, Map<String, Integer>> owners, Map<Integer, Integer> followers) {}

    /** Claims the items' keys; items answered by a stored answer or refused get their outcome now. */
    Claims claim(List<Item> items, Instant now, Outcome[] outcomes) {
        Map<WorkspaceId, Map<String, Integer>> owners = new HashMap<>();
        Map<Integer, Integer> followers = new HashMap<>();
        Map<WorkspaceId, Map<String, Integer>> firsts = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Optional<IdempotencyKey> key = items.get(i).command().idempotency();
            if (key.isEmpty()) {
                continue;
            }
            Map<String, Integer> first = firsts.computeIfAbsent(workspace(items.get(i)), w -> new TreeMap<>());
            Integer earlier = first.putIfAbsent(key.get().key(), i);
            if (earlier != null) {
                if (MessageDigest.isEqual(key.get().requestSha256(), sha(items.get(earlier)))) {
                    followers.put(i, earlier);
                    outcomes[i] = FOLLOWS; // not resolved nor written: answered with the first one's answer
                } else {
                    outcomes[i] = Outcome.failed(reused());
                }
            }
        }
        for (Map.Entry<WorkspaceId, Map<String, Integer>> ws : firsts.entrySet()) {
            Map<String, byte[]> requests = new TreeMap<>(); // one lock order for every batch: no deadlock between two
            ws.getValue().forEach((k, i) -> requests.put(k, sha(items.get(i))));
            Set<String> claimed = records.claimAll(ws.getKey(), requests, now, now.plus(RETENTION));
            Map<String, Integer> held = owners.computeIfAbsent(ws.getKey(), w -> new HashMap<>());
            ws.getValue().forEach((k, i) -> {
                if (claimed.contains(k) || answerStored(ws.getKey(), k, requests.get(k), now, i, outcomes)) {
                    held.put(k, i);
                }
            });
        }
        return new Claims(owners, followers);
    }

    /** @return true when the key was taken over (its holder died), false when the item got its outcome */
    private boolean answerStored(WorkspaceId ws, String key, byte[] sha, Instant now, int i, Outcome[] outcomes) {
        Optional<IdempotencyRepository.StoredKey> stored = records.find(ws, key);
        if (stored.isPresent() && stored.get().expiresAt().isAfter(now)) {
            IdempotencyRepository.StoredKey s = stored.get();
            if (!MessageDigest.isEqual(s.requestSha256(), sha)) {
                outcomes[i] = Outcome.failed(reused());
                return false;
            }
            if (s.done()) {
                outcomes[i] = Outcome.of(new Replayed(s.status(), s.body()));
                return false;
            }
        }
        if (records.takeOver(ws, key, sha, now.minus(STALE), now, now.plus(RETENTION))) {
            return true;
        }
        outcomes[i] = Outcome.failed(new UseCaseException(UseCaseException.Kind.CONFLICT, "IDEMPOTENCY_IN_PROGRESS",
                "A request with this Idempotency-Key is still being processed; retry shortly", List.of()));
        return false;
    }

    /**
     * Stores the answer of every accepted item under its key (in the batch's transaction), frees the keys of refused
     * items (a retry runs again, as after a server error), and answers the repeats.
     */
    void complete(Claims claims, List<Item> items, Outcome[] outcomes) {
        for (Map.Entry<WorkspaceId, Map<String, Integer>> ws : claims.owners().entrySet()) {
            Map<String, byte[]> answers = new TreeMap<>();
            ws.getValue().forEach((key, i) -> {
                if (outcomes[i] != null && outcomes[i].reply().orElse(null) instanceof SentMessage s) {
                    byte[] body = items.get(i).command().idempotency().orElseThrow().answer().apply(s);
                    answers.put(key, body);
                    outcomes[i] = Outcome.of(new SentMessage(s.message(), s.leadId(), s.duplicateOnly(), Optional.of(body)));
                } else if (outcomes[i] == null || outcomes[i].error().isPresent()) {
                    records.delete(ws.getKey(), key);
                }
            });
            if (!answers.isEmpty()) {
                records.completeAll(ws.getKey(), answers, 201);
            }
        }
        claims.followers().forEach((i, first) -> outcomes[i] = outcomes[first] != null
                && outcomes[first].reply().orElse(null) instanceof SentMessage s
                ? Outcome.of(new Replayed(201, s.answer().orElseThrow()))
                : outcomes[first]);
    }

    private static WorkspaceId workspace(Item item) {
        return item.command().caller().workspace().id();
    }

    private static byte[] sha(Item item) {
        return item.command().idempotency().orElseThrow().requestSha256();
    }

    private static UseCaseException reused() {
        return new UseCaseException(UseCaseException.Kind.UNPROCESSABLE, "IDEMPOTENCY_KEY_REUSED",
                "This Idempotency-Key was used with a different request", List.of());
    }
}
