package ai.tuco.application.provider.port.out;

import ai.tuco.application.provider.port.out.ChannelSender.SendResult;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Provider calls run on their own pool, each bounded by the provider timeout; a call that throws or outlives it
 * becomes {@link Failed}, carrying the retryable rejection a send records ({@code PROVIDER_TIMEOUT},
 * {@code PROVIDER_ERROR}). The one way callers (sends, lead availability checks) call a {@link ChannelSender}, so it
 * sits beside that port.
 */
public final class ProviderCalls {
    private final ExecutorService pool;
    private final Duration timeout;

    public ProviderCalls(ExecutorService pool, Duration timeout) {
        this.pool = pool;
        this.timeout = timeout;
    }

    public <T> T call(Callable<T> work) throws Failed {
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
