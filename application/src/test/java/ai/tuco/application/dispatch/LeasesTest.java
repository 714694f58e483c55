package ai.tuco.application.dispatch;

import static ai.tuco.application.testing.TestData.NOW;
import static ai.tuco.application.testing.TestData.lead;
import static ai.tuco.application.testing.TestData.line;
import static ai.tuco.application.testing.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Channel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeasesTest {
    private final DispatchFixture f = new DispatchFixture();
    private final Line line = f.lines.add(line("bbbbbbbbbbbbbbbbbbbb0001", Channel.IMESSAGE));
    private final Lead ada = f.leads.add(lead("cccccccccccccccccccc0001"));
    private final Message m = f.messages.add(message("dddddddddddddddddddd0001").from(line).to(ada).build());

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void givenClaimNotYetSent_release_queuesItAgainDueNowAndRefundsTheLine() {
        Claim claim = f.claimOne();
        f.clock.advance(Duration.ofSeconds(1));

        f.dispatch.release(List.of(claim));

        Message released = f.messages.get(m.id());
        assertThat(released.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(released.dueAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(released.errorCode()).contains("DISPATCH_RELEASED");
        assertThat(f.messages.queueRow(m.id()).orElseThrow().owner).isNull();
        assertThat(f.gate.refunds()).containsExactly(line.id());
    }

    @Test
    void givenLeaseAlreadyLost_release_leavesTheMessageToItsNewOwner() {
        Claim claim = f.claimOne();
        f.queue.loseLease(m.id());

        f.dispatch.release(List.of(claim));

        assertThat(f.messages.get(m.id()).status()).isEqualTo(MessageStatus.SENDING);
        assertThat(f.gate.refunds()).isEmpty();
    }

    @Test
    void renewLeases_extendsTheOwnersLeasesByTheLeaseLength() {
        f.claimOne();
        f.clock.advance(Duration.ofSeconds(20));

        assertThat(f.dispatch.renewLeases(DispatchFixture.OWNER)).isEqualTo(1);
        assertThat(f.dispatch.renewLeases("someone-else")).isZero();

        assertThat(f.messages.queueRow(m.id()).orElseThrow().leaseUntil)
                .isEqualTo(NOW.plusSeconds(20).plus(f.settings.lease()));
    }

    @Test
    void givenExpiredLease_sweepExpired_returnsTheRowToTheQueue() {
        f.claimOne();
        f.clock.advance(f.settings.lease().plusSeconds(1));

        assertThat(f.dispatch.sweepExpired()).isEqualTo(1);

        assertThat(f.messages.queueRow(m.id()).orElseThrow().owner).isNull();
        assertThat(f.dispatch.sweepExpired()).isZero();
    }
}
