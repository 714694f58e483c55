package ai.tuco.domain.message;

import static ai.tuco.domain.message.MessageStatus.CANCELLED;
import static ai.tuco.domain.message.MessageStatus.DELIVERED;
import static ai.tuco.domain.message.MessageStatus.FAILED;
import static ai.tuco.domain.message.MessageStatus.FALLBACK;
import static ai.tuco.domain.message.MessageStatus.PENDING;
import static ai.tuco.domain.message.MessageStatus.QUEUED;
import static ai.tuco.domain.message.MessageStatus.SCHEDULED;
import static ai.tuco.domain.message.MessageStatus.SENDING;
import static ai.tuco.domain.message.MessageStatus.SENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class MessageStatusTest {

    /** The graph in DESIGN.md, written out independently of the enum. */
    static final Set<String> ALLOWED = Set.of(
            "scheduled>queued", "scheduled>sending", "scheduled>cancelled",
            "queued>sending", "queued>cancelled",
            "pending>sending", "pending>cancelled",
            "sending>sent", "sending>delivered", "sending>failed", "sending>queued", "sending>fallback",
            "sent>delivered", "sent>failed");

    static Stream<Arguments> allPairs() {
        return Arrays.stream(MessageStatus.values())
                .flatMap(from -> Arrays.stream(MessageStatus.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allPairs")
    void canMoveTo_matchesTheDesignGraph(MessageStatus from, MessageStatus to) {
        assertThat(from.canMoveTo(to)).isEqualTo(ALLOWED.contains(from.wireName() + ">" + to.wireName()));
    }

    @Test
    void wireNames_areTheDocumentedStrings() {
        assertThat(Arrays.stream(MessageStatus.values()).map(MessageStatus::wireName)).containsExactly(
                "scheduled", "queued", "pending", "sending", "sent", "delivered", "failed", "fallback", "cancelled");
    }

    @ParameterizedTest
    @EnumSource(MessageStatus.class)
    void fromWire_roundTripsEveryStatus(MessageStatus status) {
        assertThat(MessageStatus.fromWire(status.wireName())).contains(status);
    }

    @Test
    void fromWire_givenUnknownOrDifferentlyCasedName_isEmpty() {
        assertThat(MessageStatus.fromWire("SENT")).isEmpty();
        assertThat(MessageStatus.fromWire("read")).isEmpty();
        assertThat(MessageStatus.fromWire(null)).isEmpty();
    }

    @Test
    void finalStatuses_areThoseWithNoWayOut() {
        assertThat(Arrays.stream(MessageStatus.values()).filter(MessageStatus::isFinal))
                .containsExactlyInAnyOrder(DELIVERED, FAILED, FALLBACK, CANCELLED);
    }

    @Test
    void statusesThatDidNotGoOut_requireAReason() {
        assertThat(Arrays.stream(MessageStatus.values()).filter(MessageStatus::requiresReason))
                .containsExactlyInAnyOrder(FAILED, FALLBACK, CANCELLED);
    }

    @Test
    void isForwardOf_ordersTheLifeAndTreatsFinalStatusesAsEquallyFar() {
        assertThat(SENT.isForwardOf(SENDING)).isTrue();
        assertThat(DELIVERED.isForwardOf(SENDING)).isTrue();
        assertThat(FAILED.isForwardOf(SENT)).isTrue();
        assertThat(QUEUED.isForwardOf(SCHEDULED)).isTrue();
        assertThat(SENDING.isForwardOf(PENDING)).isTrue();
        assertThat(SENT.isForwardOf(DELIVERED)).isFalse();
        assertThat(SENT.isForwardOf(SENT)).isFalse();
        assertThat(FAILED.isForwardOf(DELIVERED)).isFalse();
        assertThat(DELIVERED.isForwardOf(FAILED)).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allPairs")
    void everyAllowedMoveExceptRetry_goesForward(MessageStatus from, MessageStatus to) {
        if (from.canMoveTo(to) && !(from == SENDING && to == QUEUED)) {
            assertThat(to.isForwardOf(from)).isTrue();
        }
    }
}
