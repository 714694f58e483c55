package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Claims sized by each line's own sends (ADR 32), on the real queue: a line this node has not timed gives one message,
 * and once timed, as many as fit in the span (60 s here, so any sandbox send fits) up to the most per line; a line not
 * timed yet still gives one beside it.
 */
class ClaimSizesTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static MutableClock clock = new MutableClock(DispatchHarness.T0);
    static DispatchHarness h;

    @BeforeAll
    static void start() {
        h = new DispatchHarness(db, clock, DispatchHarness.testSettings().withBatch(50, 20, Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void aLinesFirstClaimIsOneMessage_thenAsManyAsFitInTheSpan() {
        var ws = h.workspace();
        LineId timed = h.line(ws, Channel.SMS);
        LeadId lead = h.lead(ws, "R", "+12025552061");
        for (int i = 0; i < 30; i++) {
            h.send(ws, timed, Channel.SMS, lead, "backlog " + i);
        }

        assertThat(h.dispatch().dispatchOnce("d1")).as("not timed yet: one").isEqualTo(1);

        LineId untimed = h.line(ws, Channel.SMS);
        for (int i = 0; i < 5; i++) {
            h.send(ws, untimed, Channel.SMS, lead, "new line " + i);
        }
        assertThat(h.dispatch().dispatchOnce("d1")).as("20 of the timed line, 1 of the new one").isEqualTo(21);
        assertThat(h.dispatch().dispatchOnce("d1")).as("the timed line's last 9, 20 of the new one's 4 left")
                .isEqualTo(9 + 4);
    }
}
