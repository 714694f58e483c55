package ai.tuco.application.dispatch;

import static ai.tuco.application.testing.TestData.NOW;
import static ai.tuco.application.testing.TestData.lead;
import static ai.tuco.application.testing.TestData.line;
import static ai.tuco.application.testing.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase.Kind;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase.ProviderEvent;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase.Result;
import ai.tuco.application.message.FallbackSms;
import ai.tuco.application.testing.CountingIds;
import ai.tuco.application.testing.FakeLeads;
import ai.tuco.application.testing.FakeLines;
import ai.tuco.application.testing.FakeMessageLookup;
import ai.tuco.application.testing.InMemoryMessages;
import ai.tuco.application.testing.InlineTransactions;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageEvent;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderEventServiceTest {
    private final MutableClock clock = new MutableClock(NOW);
    private final InlineTransactions tx = new InlineTransactions();
    private final InMemoryMessages messages = new InMemoryMessages();
    private final FakeLines lines = new FakeLines();
    private final FakeLeads leads = new FakeLeads();
    private final ProviderEventService events = new ProviderEventService(tx, new FakeMessageLookup(messages), messages,
            clock, new FallbackSms(messages, lines, leads, new CountingIds()));

    private final Line line = lines.add(line("bbbbbbbbbbbbbbbbbbbb0001", Channel.IMESSAGE));
    private final Lead ada = leads.add(lead("cccccccccccccccccccc0001"));

    /** A message the provider took as "ext-1". */
    private Message sent(Message message) {
        Message accepted = messages.add(message);
        Message sending = accepted.claim(NOW).message();
        messages.recordTransition(accepted.claim(NOW));
        messages.recordTransition(sending.markSent(NOW, "ext-1", "Hi Ada"));
        clock.advance(Duration.ofSeconds(1));
        return messages.get(accepted.id());
    }

    @Test
    void givenSentMessage_deliveredByProvidersId_movesItForward() {
        Message m = sent(message("dddddddddddddddddddd0001").from(line).to(ada).build());

        Result result = events.record(new ProviderEvent(Optional.empty(), Optional.of("ext-1"), Kind.DELIVERED,
                Optional.empty(), Optional.empty()));

        assertThat(result).isEqualTo(Result.APPLIED);
        assertThat(messages.get(m.id()).status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(messages.get(m.id()).deliveredAt()).contains(NOW.plusSeconds(1));
        assertThat(messages.history(m.id())).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo(MessageEvent.STATUS_CHANGED);
            assertThat(e.detail()).isEqualTo(Map.of("source", "provider"));
        });
    }

    @Test
    void givenRepeatedSent_record_isIgnoredButKeptInTheHistory() {
        Message m = sent(message("dddddddddddddddddddd0001").from(line).to(ada).build());

        assertThat(events.record(ProviderEvent.of(m.id(), Kind.SENT))).isEqualTo(Result.IGNORED);

        assertThat(messages.get(m.id())).isEqualTo(m);
        assertThat(messages.history(m.id())).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo(MessageEvent.IGNORED);
            assertThat(e.detail()).isEqualTo(Map.of("reason", "repeated"));
        });
    }

    @Test
    void givenUnknownMessage_record_saysSoAndWritesNothing() {
        assertThat(events.record(ProviderEvent.of(new MessageId("eeeeeeeeeeeeeeeeeeee0001"), Kind.DELIVERED)))
                .isEqualTo(Result.UNKNOWN_MESSAGE);
        assertThat(messages.recorded()).isEmpty();
    }

    @Test
    void givenFailedWithoutReason_record_failsTheMessageWithTheDefaultReason() {
        Message m = sent(message("dddddddddddddddddddd0001").from(line).to(ada).build());

        assertThat(events.record(ProviderEvent.of(m.id(), Kind.FAILED))).isEqualTo(Result.APPLIED);

        assertThat(messages.get(m.id()).errorCode()).contains("PROVIDER_FAILED");
        assertThat(messages.get(m.id()).errorMessage()).contains("The provider reported the message as failed");
    }

    @Test
    void givenFailedMessageAskingForSmsFallback_record_sendsTheSms() {
        Line sms = lines.add(line("bbbbbbbbbbbbbbbbbbbb0002", Channel.SMS));
        Message m = sent(message("dddddddddddddddddddd0001").from(line).to(ada).withFallbackSms().build());

        events.record(new ProviderEvent(Optional.of(m.id()), Optional.empty(), Kind.FAILED, Optional.of("UNREACHABLE"),
                Optional.of("the phone is off")));

        Message failed = messages.get(m.id());
        assertThat(failed.fallbackMessageId()).isPresent();
        assertThat(messages.get(failed.fallbackMessageId().get()).lineId()).isEqualTo(sms.id());
    }

    @Test
    void batchOfEvents_recordAll_takesEachInOneTransaction() {
        Message m = sent(message("dddddddddddddddddddd0001").from(line).to(ada).build());
        int before = tx.count();

        List<Result> results = events.recordAll(List.of(ProviderEvent.of(m.id(), Kind.DELIVERED),
                ProviderEvent.of(m.id(), Kind.READ), ProviderEvent.of(m.id(), Kind.READ)));

        assertThat(results).containsExactly(Result.APPLIED, Result.APPLIED, Result.IGNORED);
        assertThat(tx.count()).isEqualTo(before + 1);
        assertThat(messages.get(m.id()).readAt()).isPresent();
    }
}
