package ai.tuco.application.webhook.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.shared.WebhookId;
import java.util.Optional;

/** Sends a signed test event ({@code data.test: true}) now and answers what the receiver did. */
public interface WebhookHealthCheckUseCase {
    record Result(boolean ok, Optional<Integer> statusCode, long latencyMillis, String responseBody, Optional<String> error) {}

    Result check(Caller caller, WebhookId id);
}
