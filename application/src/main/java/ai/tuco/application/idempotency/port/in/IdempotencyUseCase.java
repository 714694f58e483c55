package ai.tuco.application.idempotency.port.in;

import ai.tuco.domain.shared.WorkspaceId;

/**
 * Idempotency-Key semantics (Stripe / IETF draft): the first request with a key runs; a repeat with the same body
 * gets the first response replayed; a repeat with another body is refused; a repeat arriving while the first still
 * runs waits for it a few seconds. Keys are per workspace and kept 24 hours.
 */
public interface IdempotencyUseCase {
    /** @param requestSha256 digest of what makes two requests "the same" (method, path, body) */
    Decision begin(WorkspaceId workspaceId, String key, byte[] requestSha256);

    /**
     * {@link #begin} without claiming the key, for a request that claims it in the transaction doing its work (an
     * accept): a finished answer is replayed, another request refused, a running one waited for; {@code Proceed} means
     * the work may run, and its transaction settles any race.
     */
    Decision check(WorkspaceId workspaceId, String key, byte[] requestSha256);

    /** Stores the answer of a request checked with {@link #check} that did no work (refused), unless one is stored. */
    void remember(WorkspaceId workspaceId, String key, byte[] requestSha256, int status, byte[] body);

    /** Stores the first request's answer for replay. */
    void complete(WorkspaceId workspaceId, String key, int status, byte[] body);

    /** Forgets the key (the request failed with a server error), so a retry runs again. */
    void abandon(WorkspaceId workspaceId, String key);

    /** Deletes expired records; @return how many. */
    int purgeExpired();

    /** What to do with a request carrying a key. */
    sealed interface Decision {
        /** First time: run it, then {@link #complete} or {@link #abandon}. */
        record Proceed() implements Decision {}

        /** Seen and finished: answer this. */
        record Replay(int status, byte[] body) implements Decision {}

        /** Same key, different request: 422 IDEMPOTENCY_KEY_REUSED. */
        record Mismatch() implements Decision {}

        /** The first request is still running after the wait: 409 IDEMPOTENCY_IN_PROGRESS. */
        record InProgress() implements Decision {}
    }
}
