package ai.tuco.application.testing;

import ai.tuco.application.dispatch.port.out.LineGate;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Open unless a line is {@link #close closed}; counts reservations and refunds per line. */
public final class FakeLineGate implements LineGate {
    private final Set<LineId> closed = new HashSet<>();
    private final List<LineId> reserved = new ArrayList<>();
    private final List<LineId> refunded = new ArrayList<>();

    public void close(LineId line) {
        closed.add(line);
    }

    @Override
    public Reservation reserve(LineId line, LeadId lead, Instant now, boolean hourlyExempt) {
        if (closed.contains(line)) {
            return new Reservation.Closed("daily cap", now.plusSeconds(3600));
        }
        reserved.add(line);
        return new Reservation.Reserved(now.truncatedTo(ChronoUnit.DAYS), now.truncatedTo(ChronoUnit.HOURS), true);
    }

    @Override
    public void refund(LineId line, LeadId lead, Reservation.Reserved reservation) {
        refunded.add(line);
    }

    public List<LineId> reservations() {
        return List.copyOf(reserved);
    }

    public List<LineId> refunds() {
        return List.copyOf(refunded);
    }
}
