package ai.tuco.application.provider.port.out;

import ai.tuco.application.provider.port.out.ProviderMetrics.Operation;
import ai.tuco.application.provider.port.out.ProviderMetrics.Outcome;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
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
 * becomes {@link Failed} ({@code PROVIDER_TIMEOUT}: the request may have gone out; {@code PROVIDER_ERROR}: the provider
 * threw, which the SPI defines as a failure before anything was sent). The one way callers (sends, reconciliations,
 * lead availability checks) call a {@link ai.tuco.application.provider.port.out.spi.MessagingProvider}. Each call is
 * timed and its outcome counted through {@link ProviderMetrics}, labelled with the provider's name.
 */
public final class ProviderCalls {
    public static final String TIMEOUT_CODE = "PROVIDER_TIMEOUT";
    public static final String ERROR_CODE = "PROVIDER_ERROR";

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
    public <T> T call(String provider, Operation operation, Callable<T> work) throws Failed {
        long start = nanoTime.getAsLong();
        Outcome outcome = Outcome.ERROR;
        try {
            T result = bounded(work);
            outcome = result instanceof SendOutcome.Rejected || result instanceof SendOutcome.CredentialsRejected
                    ? Outcome.REJECTED : Outcome.OK;
            return result;
        } catch (Failed e) {
            outcome = e.timedOut() ? Outcome.TIMEOUT : Outcome.ERROR;
            throw e;
        } finally {
            metrics.called(provider, operation, outcome, Duration.ofNanos(nanoTime.getAsLong() - start));
        }
    }

    private <T> T bounded(Callable<T> work) throws Failed {
        Future<T> future = pool.submit(work);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new Failed(TIMEOUT_CODE, "The provider did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new Failed(ERROR_CODE, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new Failed(ERROR_CODE, "interrupted while calling the provider");
        }
    }

    /** A provider call that threw or outlived the provider timeout. */
    public static final class Failed extends Exception {
        private final String code;

        Failed(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        /** {@code PROVIDER_TIMEOUT} or {@code PROVIDER_ERROR}. */
        public String code() {
            return code;
        }

        /** The bound ran out: the provider may have acted on the request. */
        public boolean timedOut() {
            return TIMEOUT_CODE.equals(code);
        }

        /** As a retryable rejection (what a failed send records when nothing can have gone out). */
        public SendOutcome.Rejected rejection() {
            return SendOutcome.Rejected.retryable(code, getMessage(), java.util.Optional.empty());
        }
    }
}
