package ai.tuco.application.provider.port.out;

import ai.tuco.application.provider.port.out.ChannelSender.SendResult;
import ai.tuco.application.provider.port.out.ProviderMetrics.Operation;
import ai.tuco.application.provider.port.out.ProviderMetrics.Outcome;
import ai.tuco.domain.line.Provider;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Provider calls run on their own pool, each bounded by the provider timeout; a call that throws or outlives it
 * becomes {@link Failed}, carrying the retryable rejection a send records ({@code PROVIDER_TIMEOUT},
 * {@code PROVIDER_ERROR}). The one way callers (sends, lead availability checks) call a {@link ChannelSender}, so it
 * sits beside that port. Each call is timed and its outcome counted through {@link ProviderMetrics}.
 */
public final class ProviderCalls {
    private final ExecutorService pool;
    private final Duration timeout;
    private final ProviderMetrics metrics;
    private final LongSupplier nanoTime;

    public ProviderCalls(ExecutorService pool, Duration timeout) {
        this(pool, timeout, ProviderMetrics.NONE);
    }

    public ProviderCalls(ExecutorService pool, Duration timeout, ProviderMetrics metrics) {
        this(pool, timeout, metrics, System::nanoTime);
    }

    /** @param nanoTime the monotonic time calls are measured with ({@link System#nanoTime} but in tests) */
    public ProviderCalls(ExecutorService pool, Duration timeout, ProviderMetrics metrics, LongSupplier nanoTime) {
        this.pool = pool;
        this.timeout = timeout;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    /** Calls {@code provider} for {@code operation}, bounded by the timeout, and reports the call to the metrics. */
    public <T> T call(Provider provider, Operation operation, Callable<T> work) throws Failed {
        long start = nanoTime.getAsLong();
        Outcome outcome = Outcome.ERROR;
        try {
            T result = bounded(work);
            outcome = result instanceof SendResult.Rejected ? Outcome.REJECTED : Outcome.OK;
            return result;
        } catch (Failed e) {
            outcome = "PROVIDER_TIMEOUT".equals(e.rejection().code()) ? Outcome.TIMEOUT : Outcome.ERROR;
            throw e;
        } finally {
            metrics.called(provider, operation, outcome, Duration.ofNanos(nanoTime.getAsLong() - start));
        }
    }

    /**
     * As {@link #call(Provider, Operation, Callable)} for a provider known by its name (SPI providers, plugins): measured
     * under that provider when it is a built-in one, bounded all the same when it is not.
     */
    public <T> T call(String provider, Operation operation, Callable<T> work) throws Failed {
        java.util.Optional<Provider> known = Provider.fromWire(provider);
        return known.isPresent() ? call(known.get(), operation, work) : bounded(work);
    }

    private <T> T bounded(Callable<T> work) throws Failed {
        Future<T> future = pool.submit(work);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new Failed(new SendResult.Rejected("PROVIDER_TIMEOUT",
                    "The provider did not answer within " + timeout.toMillis() + " ms", true));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new Failed(new SendResult.Rejected("PROVIDER_ERROR", cause.getClass().getSimpleName() + ": " + cause.getMessage(), true));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new Failed(new SendResult.Rejected("PROVIDER_ERROR", "interrupted while calling the provider", true));
        }
    }

    /** A provider call that threw or outlived the provider timeout. */
    public static final class Failed extends Exception {
        private final SendResult.Rejected rejection;

        Failed(SendResult.Rejected rejection) {
            super(rejection.message(), null, false, false);
            this.rejection = rejection;
        }

        public SendResult.Rejected rejection() {
            return rejection;
        }
    }
}
