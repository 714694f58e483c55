package ai.tuco.domain.message;

import java.util.Objects;
import java.util.Optional;

/** What a provider says became of a message: sent, delivered, or failed with a reason. */
public record ProviderReport(MessageStatus status, Optional<String> errorCode, Optional<String> errorMessage) {
    public ProviderReport {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(errorMessage, "errorMessage");
        if (status != MessageStatus.SENT && status != MessageStatus.DELIVERED && status != MessageStatus.FAILED) {
            throw new IllegalArgumentException("a provider reports sent, delivered or failed, not " + status.wireName());
        }
        if (status == MessageStatus.FAILED
                && (errorCode.filter(s -> !s.isBlank()).isEmpty() || errorMessage.filter(s -> !s.isBlank()).isEmpty())) {
            throw new IllegalArgumentException("a failed report needs an errorCode and an errorMessage");
        }
    }

    public static ProviderReport sent() {
        return new ProviderReport(MessageStatus.SENT, Optional.empty(), Optional.empty());
    }

    public static ProviderReport delivered() {
        return new ProviderReport(MessageStatus.DELIVERED, Optional.empty(), Optional.empty());
    }

    public static ProviderReport failed(String errorCode, String errorMessage) {
        return new ProviderReport(MessageStatus.FAILED, Optional.ofNullable(errorCode), Optional.ofNullable(errorMessage));
    }
}
