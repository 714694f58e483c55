package ai.tuco.domain.message;

import static ai.tuco.domain.message.MessageFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.domain.shared.ReplyId;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A reply to a message counts it and moves lastReplyAt, whatever its status, and never changes the status. */
class MessageReplyTest {
    static final ReplyId R1 = new ReplyId("64b7f0c2a1b2c3d4e5f609a1");
    static final ReplyId R2 = new ReplyId("64b7f0c2a1b2c3d4e5f609a2");

    @ParameterizedTest
    @EnumSource(MessageStatus.class)
    void aReplyCountsWithoutChangingTheStatus(MessageStatus status) {
        Message m = MessageFixtures.messageIn(status);
        Transition first = m.recordReply(NOW.plusSeconds(10), R1, NOW.plusSeconds(5));
        assertThat(first.message().status()).isEqualTo(status);
        assertThat(first.message().replyCount()).isEqualTo(1);
        assertThat(first.message().lastReplyAt()).contains(NOW.plusSeconds(5));
        assertThat(first.event().type()).isEqualTo(MessageEvent.REPLIED);
        assertThat(first.event().fromStatus()).contains(status);
        assertThat(first.event().toStatus()).isEqualTo(status);
        assertThat(first.event().detail()).containsEntry("replyId", R1.value());
        assertThat(first.ignored()).isFalse();
        // an older reply arriving later counts, but does not move lastReplyAt back
        Transition second = first.message().recordReply(NOW.plusSeconds(20), R2, NOW.plusSeconds(1));
        assertThat(second.message().replyCount()).isEqualTo(2);
        assertThat(second.message().lastReplyAt()).contains(NOW.plusSeconds(5));
    }

    @org.junit.jupiter.api.Test
    void countAndTimeMustAgree() {
        Message m = MessageFixtures.queued();
        assertThat(m.replyCount()).isZero();
        assertThat(m.lastReplyAt()).isEmpty();
        assertThatThrownBy(() -> Message.rehydrate().id(m.id()).workspaceId(m.workspaceId()).template("x")
                .channel(m.channel()).status(m.status()).lineId(m.lineId()).leadId(m.leadId()).correlationId("c")
                .createdAt(NOW).updatedAt(NOW).dueAt(NOW).replyCount(1).lastReplyAt(Optional.empty()).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
