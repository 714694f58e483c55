package ai.tuco.application.message;

import static ai.tuco.application.testing.TestData.NOW;
import static ai.tuco.application.testing.TestData.PHONE;
import static ai.tuco.application.testing.TestData.lead;
import static ai.tuco.application.testing.TestData.line;
import static ai.tuco.application.testing.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.testing.CountingIds;
import ai.tuco.application.testing.FakeLeads;
import ai.tuco.application.testing.FakeLines;
import ai.tuco.application.testing.InMemoryMessages;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageEvent;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.MessageId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FallbackSmsTest {
    private final InMemoryMessages messages = new InMemoryMessages();
    private final FakeLines lines = new FakeLines();
    private final FakeLeads leads = new FakeLeads();
    private final FallbackSms fallbackSms = new FallbackSms(messages, lines, leads, new CountingIds());

    private final Line iMessageLine = lines.add(line("bbbbbbbbbbbbbbbbbbbb0001", Channel.IMESSAGE));
    private final Lead ada = leads.add(lead("cccccccccccccccccccc0001"));

    /** An iMessage asking for the SMS fallback, failed with {@code code} and recorded. */
    private Message failed(String code, Optional<E164Phone> phone) {
        Message m = messages.add(message("dddddddddddddddddddd0001").from(iMessageLine).to(ada).phone(phone)
                .withFallbackSms().build());
        Transition claim = m.claim(NOW);
        messages.recordTransition(claim);
        Transition fail = claim.message().fail(NOW, code, "it failed");
        messages.recordTransition(fail);
        return fail.message();
    }

    @Test
    void givenFailedIMessageAskingForIt_sendFor_acceptsTheSameTextAsSmsAndLinksIt() {
        Line smsLine = lines.add(line("bbbbbbbbbbbbbbbbbbbb0002", Channel.SMS));
        Message failed = failed("UNREACHABLE", Optional.of(new E164Phone(PHONE)));

        Optional<MessageId> smsId = fallbackSms.sendFor(failed, NOW);

        assertThat(smsId).isPresent();
        Message sms = messages.get(smsId.get());
        assertThat(sms.channel()).isEqualTo(Channel.SMS);
        assertThat(sms.lineId()).isEqualTo(smsLine.id());
        assertThat(sms.recipientPhone()).contains(new E164Phone(PHONE));
        assertThat(sms.template()).isEqualTo(failed.template());
        assertThat(sms.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(sms.sendFallbackSmsOnFailed()).isFalse();
        assertThat(messages.isQueued(sms.id())).isTrue();
        assertThat(messages.get(failed.id()).fallbackMessageId()).isEqualTo(smsId);
        assertThat(messages.history(failed.id())).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo(MessageEvent.FALLBACK_LINKED);
            assertThat(e.detail()).isEqualTo(Map.of("fallbackMessageId", smsId.get().value()));
        });
    }

    @Test
    void givenMessageWithoutPhone_sendFor_usesTheLeadsPhone() {
        lines.add(line("bbbbbbbbbbbbbbbbbbbb0002", Channel.SMS));
        Message failed = failed("UNREACHABLE", Optional.empty());

        Optional<MessageId> smsId = fallbackSms.sendFor(failed, NOW);

        assertThat(messages.get(smsId.orElseThrow()).recipientPhone()).contains(new E164Phone(PHONE));
    }

    @Test
    void givenFailureAnSmsMustNotRepeat_sendFor_sendsNothing() {
        lines.add(line("bbbbbbbbbbbbbbbbbbbb0002", Channel.SMS));
        for (String code : List.of("DO_NOT_CONTACT", "LEAD_DELETED", "TEMPLATE_FIELD_MISSING", "NO_ADDRESS")) {
            InMemoryMessages fresh = new InMemoryMessages();
            FallbackSms sms = new FallbackSms(fresh, lines, leads, new CountingIds());
            Message m = fresh.add(message("dddddddddddddddddddd0001").from(iMessageLine).to(ada).withFallbackSms().build());
            Message failed = m.claim(NOW).message().fail(NOW, code, "no").message();

            assertThat(sms.sendFor(failed, NOW)).as(code).isEmpty();
            assertThat(fresh.all()).as(code).hasSize(1);
        }
    }

    @Test
    void givenNoSmsLine_sendFor_sendsNothing() {
        Message failed = failed("UNREACHABLE", Optional.of(new E164Phone(PHONE)));

        assertThat(fallbackSms.sendFor(failed, NOW)).isEmpty();
        assertThat(messages.all()).hasSize(1);
    }

    @Test
    void givenMessageNotAskingForIt_sendFor_sendsNothing() {
        lines.add(line("bbbbbbbbbbbbbbbbbbbb0002", Channel.SMS));
        Message m = messages.add(message("dddddddddddddddddddd0001").from(iMessageLine).to(ada).build());
        Message failed = m.claim(NOW).message().fail(NOW, "UNREACHABLE", "no").message();

        assertThat(fallbackSms.sendFor(failed, NOW)).isEmpty();
    }
}
