package ai.tuco.application.dispatch;

import static ai.tuco.application.testing.TestData.EMAIL;
import static ai.tuco.application.testing.TestData.NOW;
import static ai.tuco.application.testing.TestData.PHONE;
import static ai.tuco.application.testing.TestData.lead;
import static ai.tuco.application.testing.TestData.line;
import static ai.tuco.application.testing.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageEvent;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.SendWindow;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClaimDueMessagesTest {
    /** 09:00–17:00 New York on weekdays; NOW (Monday 11:00 EDT) is inside it. */
    private static final SendWindow OFFICE_HOURS = new SendWindow(ZoneId.of("America/New_York"),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0));

    private final DispatchFixture f = new DispatchFixture();
    private final Line line = f.lines.add(line("bbbbbbbbbbbbbbbbbbbb0001", Channel.IMESSAGE, Channel.SMS));
    private final Lead ada = f.leads.add(lead("cccccccccccccccccccc0001"));

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void givenDueMessage_claim_marksItSendingUnderALeaseWithTheRenderedText() {
        Message m = f.messages.add(message("dddddddddddddddddddd0001").from(line).to(ada)
                .email(Optional.of(new EmailAddress(EMAIL))).build());

        Claim claim = f.claimOne();

        assertThat(claim.messageId()).isEqualTo(m.id());
        assertThat(claim.owner()).isEqualTo(DispatchFixture.OWNER);
        assertThat(claim.attempt()).isEqualTo(1);
        assertThat(claim.text()).isEqualTo("Hi Ada");
        assertThat(claim.addresses()).containsExactly(PHONE, EMAIL);
        assertThat(f.messages.get(m.id()).status()).isEqualTo(MessageStatus.SENDING);
        assertThat(f.messages.queueRow(m.id()).orElseThrow().owner).isEqualTo(DispatchFixture.OWNER);
        assertThat(f.gate.reservations()).containsExactly(line.id());
    }

    @Test
    void givenWindowClosedWhileWaiting_claim_schedulesTheMessageForTheNextOpeningOnce() {
        Message m = f.messages.add(message("dddddddddddddddddddd0001").from(line).to(ada).window(OFFICE_HOURS).build());
        Instant evening = Instant.parse("2026-03-09T22:00:00Z"); // Monday 18:00 EDT
        Instant tuesdayOpening = Instant.parse("2026-03-10T13:00:00Z");
        f.clock.set(evening);

        assertThat(f.claim()).isEmpty();
        assertThat(f.claim()).isEmpty();

        Message stored = f.messages.get(m.id());
        assertThat(stored.status()).isEqualTo(MessageStatus.SCHEDULED);
        assertThat(stored.dueAt()).isEqualTo(tuesdayOpening);
        assertThat(f.messages.queueRow(m.id()).orElseThrow().dueAt).isEqualTo(tuesdayOpening);
        assertThat(f.messages.history(m.id())).extracting(MessageEvent::type)
                .containsExactly(MessageEvent.ACCEPTED, MessageEvent.RESCHEDULED);
        assertThat(f.messages.history(m.id()).get(1).detail())
                .isEqualTo(Map.of("dueAt", tuesdayOpening.toString(), "reason", "send_window_closed"));
        assertThat(f.gate.reservations()).isEmpty();
    }

    @Test
    void givenRescheduledMessage_claimAtTheOpening_claimsIt() {
        Message m = f.messages.add(message("dddddddddddddddddddd0001").from(line).to(ada).window(OFFICE_HOURS).build());
        f.clock.set(Instant.parse("2026-03-09T22:00:00Z"));
        f.claim();

        f.clock.set(Instant.parse("2026-03-10T13:00:00Z"));

        assertThat(f.claimOne().messageId()).isEqualTo(m.id());
        assertThat(f.messages.history(m.id()).get(2).fromStatus()).contains(MessageStatus.SCHEDULED);
    }

    @Test
    void givenLeadDeleted_claim_cancelsTheMessageLeadDeleted() {
        Message m = f.messages.add(message("dddddddddddddddddddd0001").from(line).to(ada).build());
        f.leads.remove(ada.id());

        assertThat(f.claim()).isEmpty();

        Message stored = f.messages.get(m.id());
        assertThat(stored.status()).isEqualTo(MessageStatus.CANCELLED);
        assertThat(stored.errorCode()).contains("LEAD_DELETED");
        assertThat(stored.errorMessage()).contains("The lead was deleted before the message was sent");
        assertThat(f.messages.isQueued(m.id())).isFalse();
    }

    @Test
    void givenTemplateFieldTheLeadLacks_claim_failsTheMessageNamingTheField() {
        Message m = f.messages.add(message("dddddddddddddddddddd0001").from(line).to(ada)
                .template("Hi {{firstName}} at {{companyName}}").build());

        assertThat(f.claim()).isEmpty();

        Message stored = f.messages.get(m.id());
        assertThat(stored.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(stored.errorCode()).contains("TEMPLATE_FIELD_MISSING");
        assertThat(stored.errorMessage().orElseThrow()).contains("companyName");
        assertThat(f.messages.history(m.id())).extracting(MessageEvent::toStatus)
                .containsExactly(MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.FAILED);
        assertThat(f.gate.reservations()).isEmpty();
    }

    @Test
    void givenSmsToALeadWithoutPhone_claim_failsTheMessageNoAddress() {
        Lead noPhone = f.leads.add(new Lead(ada.id(), ada.workspaceId(), "Ada", "", Optional.empty(),
                Optional.of(new EmailAddress(EMAIL)), List.of(), List.of(), "", "", "", Map.of(), Optional.empty(), "",
                NOW, NOW));
        Message m = f.messages.add(message("dddddddddddddddddddd0001").from(line).to(noPhone)
                .channel(Channel.SMS).phone(Optional.empty()).build());

        assertThat(f.claim()).isEmpty();

        Message stored = f.messages.get(m.id());
        assertThat(stored.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(stored.errorCode()).contains("NO_ADDRESS");
        assertThat(stored.errorMessage()).contains("The lead has no address this sms message can go to");
    }

    @Test
    void givenEveryAddressOnTheDoNotContactList_claim_failsTheMessageNamingThem() {
        Lead withAlternate = f.leads.add(lead("cccccccccccccccccccc0002", List.of(new E164Phone("+15551230002")), Map.of()));
        f.dnc.block(PHONE);
        f.dnc.block("+15551230002");
        Message m = f.messages.add(message("dddddddddddddddddddd0001").from(line).to(withAlternate)
                .channel(Channel.SMS).build());

        assertThat(f.claim()).isEmpty();

        Message stored = f.messages.get(m.id());
        assertThat(stored.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(stored.errorCode()).contains("DO_NOT_CONTACT");
        assertThat(stored.errorMessage()).contains(
                "Every address of the recipient is on the do-not-contact list: +15551230001, +15551230002");
    }

    @Test
    void givenSomeAddressesOnTheDoNotContactList_claim_offersOnlyTheOthers() {
        f.dnc.block(PHONE);
        f.messages.add(message("dddddddddddddddddddd0001").from(line).to(ada)
                .email(Optional.of(new EmailAddress(EMAIL))).build());

        assertThat(f.claimOne().addresses()).containsExactly(EMAIL);
    }

    @Test
    void givenLineGateClosed_claim_leavesTheMessageUntouched() {
        Message m = f.messages.add(message("dddddddddddddddddddd0001").from(line).to(ada).build());
        f.gate.close(line.id());

        assertThat(f.claim()).isEmpty();

        assertThat(f.messages.get(m.id())).isEqualTo(m);
        assertThat(f.messages.history(m.id())).hasSize(1);
        assertThat(f.messages.queueRow(m.id()).orElseThrow().owner).isNull();
        assertThat(f.messages.recorded()).isEmpty();
    }

    @Test
    void givenMessagesOfTwoLines_claim_returnsThemInQueueOrder() {
        Line second = f.lines.add(line("bbbbbbbbbbbbbbbbbbbb0000", Channel.IMESSAGE));
        Message first = f.messages.add(message("dddddddddddddddddddd0001").from(line).to(ada)
                .acceptedAt(NOW.minus(Duration.ofSeconds(2))).build());
        Message later = f.messages.add(message("dddddddddddddddddddd0002").from(second).to(ada)
                .acceptedAt(NOW.minus(Duration.ofSeconds(1))).build());

        assertThat(f.claim()).extracting(Claim::messageId).containsExactly(first.id(), later.id());
        // reserved line by line in id order, so two dispatchers never wait on each other's lines in a cycle
        assertThat(f.gate.reservations()).containsExactly(second.id(), line.id());
    }
}
