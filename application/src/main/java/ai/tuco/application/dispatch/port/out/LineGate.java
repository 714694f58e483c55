package ai.tuco.application.dispatch.port.out;

import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import java.time.Instant;
import java.util.Objects;

/**
 * A line's gate: pacing and the three caps, counted in the database per (line, UTC day) and (line, UTC hour) so
 * every node agrees. Reservations on one line are serialised, so usage never passes a cap under concurrency, and a
 * line that another claim holds (a leased queue row) is closed ({@code line_busy}): one claim sends on a line at a time.
 */
public interface LineGate {
    /**
     * Reserves one message of the line at {@code now} (in the caller's transaction): counts it, moves the pacing gate,
     * and closes the gate up to the next reset when a cap is reached.
     *
     * @param hourlyExempt email: the hourly new-conversation cap does not apply
     */
    Reservation reserve(LineId line, LeadId lead, Instant now, boolean hourlyExempt);

    /**
     * {@link #reserve} for several messages of one line, in order, as if reserved one after the other in the caller's
     * transaction (the line locked once; its usage read and written once). @return one reservation per ask, in order
     */
    default java.util.List<Reservation> reserveAll(LineId line, java.util.List<Ask> asks, Instant now) {
        return asks.stream().map(a -> reserve(line, a.lead(), now, a.hourlyExempt())).toList();
    }

    /** One message to reserve: its lead, and whether the hourly new-conversation cap spares it (email). */
    record Ask(LeadId lead, boolean hourlyExempt) {}

    /** Gives back a reservation whose message was not sent (retry, failure, fallback, release). */
    void refund(LineId line, LeadId lead, Reservation.Reserved reservation);

    sealed interface Reservation {
        /** Counted in the day and hour starting at these instants. */
        record Reserved(Instant day, Instant hour, boolean newConversation) implements Reservation {
            public Reserved {
                Objects.requireNonNull(day, "day");
                Objects.requireNonNull(hour, "hour");
            }
        }

        /** The line cannot take this message before {@code until} (pacing, or a cap until its reset). */
        record Closed(String reason, Instant until) implements Reservation {}
    }
}
