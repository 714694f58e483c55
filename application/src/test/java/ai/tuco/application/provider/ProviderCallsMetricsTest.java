package ai.tuco.application.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.provider.port.out.ProviderCalls;
import ai.tuco.application.provider.port.out.ProviderMetrics.Operation;
import ai.tuco.application.provider.port.out.ProviderMetrics.Outcome;
import ai.tuco.application.provider.port.out.ProviderMetrics;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderCallsMetricsTest {
    record Call(String provider, Operation operation, Outcome outcome, Duration took) {}

    final List<Call> calls = new ArrayList<>();
    final ProviderMetrics metrics = (provider, operation, outcome, took) -> calls.add(new Call(provider, operation, outcome, took));
    final ExecutorService pool = Executors.newCachedThreadPool();
    /** Monotonic time the test moves: a provider "takes" exactly as long as it advances it. */
    final AtomicLong nanos = new AtomicLong();
    final ProviderCalls providerCalls = new ProviderCalls(pool, Duration.ofMillis(300), metrics, nanos::get);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void anAcceptedSend_isReportedOk_withItsDuration() throws Exception {
        SendOutcome result = providerCalls.call("sandbox", Operation.SEND, () -> {
            nanos.addAndGet(Duration.ofMillis(20).toNanos());
            return new SendOutcome.Accepted("ext-1");
        });

        assertThat(result).isInstanceOf(SendOutcome.Accepted.class);
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.provider()).isEqualTo("sandbox");
            assertThat(c.operation()).isEqualTo(Operation.SEND);
            assertThat(c.outcome()).isEqualTo(Outcome.OK);
            assertThat(c.took()).isEqualTo(Duration.ofMillis(20));
        });
    }

    @Test
    void aRejection_aTimeoutAndAnException_areEachReportedAsSuch() {
        try {
            providerCalls.call("sandbox", Operation.SEND, () -> SendOutcome.Rejected.permanent("NOPE", "refused"));
        } catch (ProviderCalls.Failed e) {
            throw new AssertionError(e);
        }
        CountDownLatch never = new CountDownLatch(1);
        ProviderCalls realTime = new ProviderCalls(pool, Duration.ofMillis(300), metrics);
        assertThatThrownBy(() -> realTime.call("sandbox", Operation.IMESSAGE_AVAILABILITY, () -> {
            never.await(); // a provider that never answers; the timeout cancels (interrupts) it
            return true;
        })).isInstanceOf(ProviderCalls.Failed.class);
        assertThatThrownBy(() -> providerCalls.call("sandbox", Operation.SEND, () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(ProviderCalls.Failed.class);

        assertThat(calls).extracting(Call::outcome).containsExactly(Outcome.REJECTED, Outcome.TIMEOUT, Outcome.ERROR);
        assertThat(calls.get(1).operation()).isEqualTo(Operation.IMESSAGE_AVAILABILITY);
        assertThat(calls.get(1).took()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
