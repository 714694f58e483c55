package ai.tuco.application.dispatch;

import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The dispatch engine, step by step: {@link ClaimDueMessages} (one transaction), {@link SendClaimed} (the provider,
 * outside any transaction), {@link RecordSendOutcome} (a second transaction, fenced by the claim's lease; with
 * {@link GroupedOutcomes}, shared by the outcomes of sends on other lines that end meanwhile), and {@link Leases} for
 * claims outside their send.
 */
public final class DispatchService implements DispatchDueMessagesUseCase {
    private final ClaimDueMessages claims;
    private final SendClaimed sends;
    private final RecordSendOutcome outcomes;
    private final Leases leases;
    private final Optional<GroupedOutcomes> grouped;

    /** Each outcome in a transaction of its own. */
    public DispatchService(ClaimDueMessages claims, SendClaimed sends, RecordSendOutcome outcomes, Leases leases) {
        this(claims, sends, outcomes, leases, Optional.empty());
    }

    /** @param grouped where outcomes are recorded, in groups (its {@link RecordSendOutcome} is {@code outcomes}) */
    public DispatchService(ClaimDueMessages claims, SendClaimed sends, RecordSendOutcome outcomes, Leases leases,
            Optional<GroupedOutcomes> grouped) {
        this.claims = claims;
        this.sends = sends;
        this.outcomes = outcomes;
        this.leases = leases;
        this.grouped = grouped;
    }

    @Override
    public List<Claim> claim(String owner) {
        return claims.claim(owner);
    }

    @Override
    public Outcome send(Claim claim) {
        long started = System.nanoTime();
        SendClaimed.Attempt attempt = sends.send(claim);
        Outcome outcome = grouped.isPresent() ? grouped.get().record(claim, attempt) : outcomes.record(claim, attempt);
        claims.sent(claim.line().id(), Duration.ofNanos(System.nanoTime() - started));
        return outcome;
    }

    @Override
    public void release(List<Claim> claims) {
        leases.release(claims);
    }

    @Override
    public int renewLeases(String owner) {
        return leases.renew(owner);
    }

    @Override
    public int sweepExpired() {
        return leases.sweepExpired();
    }
}
