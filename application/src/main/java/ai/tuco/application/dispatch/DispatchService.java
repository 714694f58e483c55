package ai.tuco.application.dispatch;

import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase;
import java.util.List;

/**
 * The dispatch engine, step by step: {@link ClaimDueMessages} (one transaction), {@link SendClaimed} (the provider,
 * outside any transaction), {@link RecordSendOutcome} (a second transaction, fenced by the claim's lease), and
 * {@link Leases} for claims outside their send.
 */
public final class DispatchService implements DispatchDueMessagesUseCase {
    private final ClaimDueMessages claims;
    private final SendClaimed sends;
    private final RecordSendOutcome outcomes;
    private final Leases leases;

    public DispatchService(ClaimDueMessages claims, SendClaimed sends, RecordSendOutcome outcomes, Leases leases) {
        this.claims = claims;
        this.sends = sends;
        this.outcomes = outcomes;
        this.leases = leases;
    }

    @Override
    public List<Claim> claim(String owner) {
        return claims.claim(owner);
    }

    @Override
    public Outcome send(Claim claim) {
        return outcomes.record(claim, sends.send(claim));
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
