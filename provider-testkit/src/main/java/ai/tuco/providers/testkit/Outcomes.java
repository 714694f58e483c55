package ai.tuco.providers.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.provider.port.out.spi.SendOutcome;
import java.util.function.Consumer;

/** Checks for {@link OutgoingCase#outcome()}. */
public final class Outcomes {
    private Outcomes() {}

    /** Exactly this outcome. */
    public static Consumer<SendOutcome> is(SendOutcome expected) {
        return actual -> assertThat(actual).isEqualTo(expected);
    }

    /** Accepted with this provider id. */
    public static Consumer<SendOutcome> accepted(String externalId) {
        return is(new SendOutcome.Accepted(externalId));
    }

    /** Rejected with this code, retryable or not (the text is not checked). */
    public static Consumer<SendOutcome> rejected(String code, boolean retryable) {
        return actual -> {
            assertThat(actual).isInstanceOf(SendOutcome.Rejected.class);
            SendOutcome.Rejected r = (SendOutcome.Rejected) actual;
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.retryable()).as("retryable").isEqualTo(retryable);
            assertThat(r.message()).as("a rejection says what happened").isNotBlank();
        };
    }

    /** The line's credentials were refused. */
    public static Consumer<SendOutcome> credentialsRejected() {
        return actual -> assertThat(actual).isInstanceOf(SendOutcome.CredentialsRejected.class);
    }

    /** The request went out and no usable answer came. */
    public static Consumer<SendOutcome> unknown() {
        return actual -> assertThat(actual).isInstanceOf(SendOutcome.Unknown.class);
    }
}
