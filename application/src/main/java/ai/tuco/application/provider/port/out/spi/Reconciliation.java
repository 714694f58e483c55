package ai.tuco.application.provider.port.out.spi;

import java.util.Objects;
import java.util.Optional;

/** The provider's answer to "do you have this message?" after a send whose outcome was unknown. */
public sealed interface Reconciliation {

    /** It has it: the send happened; {@code status} is what the provider last said of it, when it said. */
    record Found(String externalId, Optional<StatusUpdate> status) implements Reconciliation {
        public Found {
            Objects.requireNonNull(externalId, "externalId");
            Objects.requireNonNull(status, "status");
        }
    }

    /** It confirms it does not have it: sending again cannot duplicate it. */
    record NotFound() implements Reconciliation {}

    /** It cannot tell (no lookup, or the lookup failed): the message ends failed, PROVIDER_OUTCOME_UNKNOWN. */
    record CannotTell(String reason) implements Reconciliation {
        public CannotTell {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
