package ai.tuco.application.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.provider.port.out.ChannelSender.SendResult;
import ai.tuco.application.provider.port.out.ProviderCalls;
import ai.tuco.application.provider.port.out.ProviderMetrics.Operation;
import ai.tuco.application.provider.port.out.ProviderMetrics.Outcome;
import ai.tuco.application.provider.port.out.ProviderMetrics;
import ai.tuco.domain.line.Provider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderCallsMetricsTest {
    record Call(Provider provider, Operation operation, Outcome outcome, Duration took) {}

    final List<Call> calls = new ArrayList<>();
    final ProviderMetrics metrics = (provider, operation, outcome, took) -> calls.add(new Call(provider, operation, outcome, took));
    final ExecutorService pool = Executors.newCachedThreadPool();
    final ProviderCalls providerCalls = new ProviderCalls(pool, Duration.ofMillis(300), metrics);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void anAcceptedSend_isReportedOk_withItsDuration() throws Exception {
        SendResult result = providerCalls.call(Provider.SANDBOX, Operation.SEND, () -> {
            Thread.sleep(20);
            return new SendResult.Accepted("ext-1");
        });

        assertThat(result).isInstanceOf(SendResult.Accepted.class);
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.provider()).isEqualTo(Provider.SANDBOX);
            assertThat(c.operation()).isEqualTo(Operation.SEND);
            assertThat(c.outcome()).isEqualTo(Outcome.OK);
            assertThat(c.took()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        });
    }

    @Test
    void aRejection_aTimeoutAndAnException_areEachReportedAsSuch() {
        try {
            providerCalls.call(Provider.SANDBOX, Operation.SEND, () -> new SendResult.Rejected("NOPE", "refused", false));
        } catch (ProviderCalls.Failed e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> providerCalls.call(Provider.SANDBOX, Operation.IMESSAGE_AVAILABILITY, () -> {
            Thread.sleep(5_000);
            return true;
        })).isInstanceOf(ProviderCalls.Failed.class);
        assertThatThrownBy(() -> providerCalls.call(Provider.SANDBOX, Operation.SEND, () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(ProviderCalls.Failed.class);

        assertThat(calls).extracting(Call::outcome).containsExactly(Outcome.REJECTED, Outcome.TIMEOUT, Outcome.ERROR);
        assertThat(calls.get(1).operation()).isEqualTo(Operation.IMESSAGE_AVAILABILITY);
        assertThat(calls.get(1).took()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
