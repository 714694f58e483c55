package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.delivery.sandbox.SandboxProvider;
import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.bootstrap.ProviderPolls;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sandbox's outcome pump, as the dispatching node beats it: one beat takes pages of due outcomes until a page is
 * not full (everything due was taken), records them, and leaves the rest to the next beat instead of polling again
 * until a poll finds nothing.
 */
class SandboxBeatTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static MutableClock clock = new MutableClock(DispatchHarness.T0);
    static DispatchHarness h;

    @BeforeAll
    static void start() {
        h = new DispatchHarness(db, clock, DispatchHarness.testSettings());
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void aBeat_takesFullPagesThenTheRest_andStopsAtAPageThatIsNotFull() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        h.exec("UPDATE lines SET daily_total_messages_limit = 1000, pacing_seconds = 0 WHERE id = ?", line.value());
        LeadId lead = h.lead(ws, "Jon", "+12025551001");
        int n = 53; // a page is 50
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(h.send(ws, line, Channel.SMS, lead, "Hello " + i));
        }
        assertThat(h.dispatchAll("d1")).isEqualTo(n);
        ProviderPolls polls = h.tuco.get(ProviderPolls.class);

        assertThat(polls.beat(SandboxProvider.NAME, () -> true)).as("nothing is due yet: one empty poll").isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(polls.beat(SandboxProvider.NAME, () -> true)).as("a full page of 50, then the 3 left").isEqualTo(2);
        assertThat(h.sql("SELECT count(*) FROM messages WHERE workspace_id = ? AND status = 'delivered'", ws.id().value()))
                .isEqualTo(n);
        assertThat(h.sql("SELECT count(*) FROM sandbox_outcomes WHERE message_id = ANY(?)", (Object) ids.toArray(String[]::new)))
                .as("the last page is acknowledged by the next poll").isEqualTo(3);
        assertThat(polls.beat(SandboxProvider.NAME, () -> true)).isEqualTo(1);
        assertThat(h.sql("SELECT count(*) FROM sandbox_outcomes WHERE message_id = ANY(?)", (Object) ids.toArray(String[]::new)))
                .isZero();
        assertThat(polls.beat(SandboxProvider.NAME, () -> false)).as("a stopping node polls no more").isZero();
    }
}
