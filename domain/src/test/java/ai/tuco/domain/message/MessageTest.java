package ai.tuco.domain.message;

import static ai.tuco.domain.message.MessageFixtures.ID;
import static ai.tuco.domain.message.MessageFixtures.NOW;
import static ai.tuco.domain.message.MessageFixtures.messageIn;
import static ai.tuco.domain.message.MessageFixtures.queued;
import static ai.tuco.domain.message.MessageFixtures.request;
import static ai.tuco.domain.message.MessageStatus.CANCELLED;
import static ai.tuco.domain.message.MessageStatus.DELIVERED;
import static ai.tuco.domain.message.MessageStatus.FAILED;
import static ai.tuco.domain.message.MessageStatus.FALLBACK;
import static ai.tuco.domain.message.MessageStatus.QUEUED;
import static ai.tuco.domain.message.MessageStatus.SCHEDULED;
import static ai.tuco.domain.message.MessageStatus.SENDING;
import static ai.tuco.domain.message.MessageStatus.SENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.domain.shared.MessageId;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class MessageTest {
    private static final Instant LATER = NOW.plusSeconds(5);
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** 09:00–17:00 New York on weekdays; NOW (Monday 11:00 EDT) is inside it. */
    private static final SendWindow OFFICE_HOURS = new SendWindow(NEW_YORK,
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0));

    // accept

    @Test
    void givenNoScheduleAndNoWindow_accept_queuesTheMessageDueNow() {
        Accepted accepted = Message.accept(request(Optional.empty(), Optional.empty()), NOW);

        Message m = accepted.message();
        assertThat(m.status()).isEqualTo(QUEUED);
        assertThat(m.dueAt()).isEqualTo(NOW);
        assertThat(m.createdAt()).isEqualTo(NOW);
        assertThat(m.updatedAt()).isEqualTo(NOW);
        assertThat(accepted.event()).isEqualTo(new MessageEvent(
                MessageEvent.ACCEPTED, Optional.empty(), QUEUED, NOW, Map.of("dueAt", NOW.toString())));
    }

    @Test
    void accept_keepsWhatTheClientAskedFor() {
        Message m = Message.accept(request(Optional.empty(), Optional.of(OFFICE_HOURS)), NOW).message();

        assertThat(m.id()).isEqualTo(ID);
        assertThat(m.template()).isEqualTo(MessageFixtures.TEMPLATE);
        assertThat(m.renderedMessage()).isEmpty();
        assertThat(m.recipientName()).isEqualTo("Ada Lovelace");
        assertThat(m.batchId()).contains("batch-1");
        assertThat(m.correlationId()).isEqualTo("app_corr-1");
        assertThat(m.window()).contains(OFFICE_HOURS);
        assertThat(m.sendFallbackSmsOnFailed()).isTrue();
        assertThat(m.errorCode()).isEmpty();
        assertThat(m.checkedAddresses()).isEmpty();
    }

    @Test
    void givenFutureScheduledDate_accept_schedulesTheMessageForThatDate() {
        Instant inAnHour = NOW.plus(Duration.ofHours(1));

        Accepted accepted = Message.accept(request(Optional.of(inAnHour), Optional.empty()), NOW);

        assertThat(accepted.message().status()).isEqualTo(SCHEDULED);
        assertThat(accepted.message().dueAt()).isEqualTo(inAnHour);
        assertThat(accepted.message().scheduledDate()).contains(inAnHour);
        assertThat(accepted.event().toStatus()).isEqualTo(SCHEDULED);
    }

    @Test
    void givenPastScheduledDate_accept_queuesTheMessageDueNow() {
        Message m = Message.accept(request(Optional.of(NOW.minusSeconds(3600)), Optional.empty()), NOW).message();

        assertThat(m.status()).isEqualTo(QUEUED);
        assertThat(m.dueAt()).isEqualTo(NOW);
    }

    @Test
    void givenOpenWindow_accept_queuesTheMessageDueNow() {
        Message m = Message.accept(request(Optional.empty(), Optional.of(OFFICE_HOURS)), NOW).message();

        assertThat(m.status()).isEqualTo(QUEUED);
        assertThat(m.dueAt()).isEqualTo(NOW);
    }

    @Test
    void givenClosedWindow_accept_schedulesTheMessageForTheNextOpening() {
        Instant saturday = Instant.parse("2026-03-14T15:00:00Z");

        Message m = Message.accept(request(Optional.empty(), Optional.of(OFFICE_HOURS)), saturday).message();

        assertThat(m.status()).isEqualTo(SCHEDULED);
        assertThat(m.dueAt()).isEqualTo(Instant.parse("2026-03-16T13:00:00Z")); // Monday 09:00 EDT
    }

    @Test
    void givenFutureDateAndWindow_accept_isDueAtTheFirstOpeningAfterTheDate() {
        Instant fridayEvening = Instant.parse("2026-03-13T23:00:00Z"); // 19:00 EDT

        Message m = Message.accept(request(Optional.of(fridayEvening), Optional.of(OFFICE_HOURS)), NOW).message();

        assertThat(m.status()).isEqualTo(SCHEDULED);
        assertThat(m.dueAt()).isEqualTo(Instant.parse("2026-03-16T13:00:00Z"));
    }

    @Test
    void givenUnknownTemplateFields_request_isRefusedNamingEachOfThem() {
        assertThatThrownBy(() -> request("Hi {{nickname}} at {{firm}}", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nickname")
                .hasMessageContaining("firm");
    }

    @Test
    void givenScheduledMessageWhoseTimeHasCome_visibleStatus_isQueued() {
        Message m = Message.accept(request(Optional.of(NOW.plusSeconds(60)), Optional.empty()), NOW).message();

        assertThat(m.visibleStatus(NOW.plusSeconds(59))).isEqualTo(SCHEDULED);
        assertThat(m.visibleStatus(NOW.plusSeconds(60))).isEqualTo(QUEUED);
        assertThat(m.status()).isEqualTo(SCHEDULED);
    }

    // cancel

    @Test
    void givenQueuedMessage_cancel_marksCancelledWithTheReason() {
        Transition t = queued().cancel(LATER, "CANCELLED_BY_USER", "cancelled by the client");

        assertThat(t.message().status()).isEqualTo(CANCELLED);
        assertThat(t.message().errorCode()).contains("CANCELLED_BY_USER");
        assertThat(t.message().errorMessage()).contains("cancelled by the client");
        assertThat(t.message().updatedAt()).isEqualTo(LATER);
        assertThat(t.event()).isEqualTo(new MessageEvent(MessageEvent.STATUS_CHANGED, Optional.of(QUEUED), CANCELLED,
                LATER, Map.of("errorCode", "CANCELLED_BY_USER", "errorMessage", "cancelled by the client")));
        assertThat(t.ignored()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = MessageStatus.class, names = {"SCHEDULED", "QUEUED", "PENDING"})
    void givenMessageNotYetClaimed_cancel_marksCancelled(MessageStatus status) {
        assertThat(messageIn(status).cancel(LATER, "LEAD_DELETED", "the lead was deleted").message().status())
                .isEqualTo(CANCELLED);
    }

    @ParameterizedTest
    @EnumSource(value = MessageStatus.class, names = {"SENDING", "SENT", "DELIVERED", "FAILED", "FALLBACK", "CANCELLED"})
    void givenMessageAlreadyClaimed_cancel_isRefusedNamingIdFromAndTo(MessageStatus status) {
        assertThatThrownBy(() -> messageIn(status).cancel(LATER, "CANCELLED_BY_USER", "too late"))
                .isInstanceOfSatisfying(IllegalTransition.class, e -> {
                    assertThat(e.id()).isEqualTo(ID);
                    assertThat(e.from()).isEqualTo(status);
                    assertThat(e.to()).isEqualTo(CANCELLED);
                })
                .hasMessageContaining(ID.value())
                .hasMessageContaining(status.wireName())
                .hasMessageContaining("cancelled");
    }

    @Test
    void givenBlankReason_cancel_isRefused() {
        assertThatThrownBy(() -> queued().cancel(LATER, "CANCELLED_BY_USER", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("errorMessage");
    }

    // waiting for the window

    @Test
    void givenQueuedMessageWhoseWindowClosed_waitForWindow_schedulesItForTheNextOpening() {
        Message queued = Message.accept(request(Optional.empty(), Optional.of(OFFICE_HOURS)), NOW).message();
        Instant saturday = Instant.parse("2026-03-14T15:00:00Z");
        Instant monday = Instant.parse("2026-03-16T13:00:00Z"); // 09:00 EDT

        Transition t = queued.waitForWindow(saturday);

        assertThat(t.message()).isEqualTo(copy(queued).status(SCHEDULED).updatedAt(saturday).dueAt(monday).build());
        assertThat(t.event()).isEqualTo(new MessageEvent(MessageEvent.RESCHEDULED, Optional.of(QUEUED), SCHEDULED,
                saturday, Map.of("dueAt", monday.toString(), "reason", "send_window_closed")));
        assertThat(t.ignored()).isFalse();
    }

    @Test
    void givenRetriedSendingMessage_waitForWindow_keepsEveryOtherFieldIncludingTheLastError() {
        Message retried = copy(messageIn(SENDING)).window(Optional.of(OFFICE_HOURS))
                .errorCode(Optional.of("RATE_LIMITED")).errorMessage(Optional.of("slow down")).build();
        Instant evening = Instant.parse("2026-03-09T22:00:00Z"); // Monday 18:00 EDT

        Transition t = retried.waitForWindow(evening);

        assertThat(t.message()).isEqualTo(copy(retried).status(SCHEDULED).updatedAt(evening)
                .dueAt(Instant.parse("2026-03-10T13:00:00Z")).build());
        assertThat(t.event().fromStatus()).contains(SENDING);
    }

    @ParameterizedTest
    @EnumSource(value = MessageStatus.class, names = {"SCHEDULED", "QUEUED", "SENDING"})
    void givenWaitingOrClaimedMessage_waitForWindow_isAllowed(MessageStatus status) {
        Message m = copy(messageIn(status)).window(Optional.of(OFFICE_HOURS)).build();

        assertThat(m.waitForWindow(NOW).message().status()).isEqualTo(SCHEDULED);
    }

    @ParameterizedTest
    @EnumSource(value = MessageStatus.class, names = {"PENDING", "SENT", "DELIVERED", "FAILED", "FALLBACK", "CANCELLED"})
    void givenAnyOtherStatus_waitForWindow_isRefusedNamingIdFromAndTo(MessageStatus status) {
        Message m = copy(messageIn(status)).window(Optional.of(OFFICE_HOURS)).build();

        assertThatThrownBy(() -> m.waitForWindow(NOW))
                .isInstanceOfSatisfying(IllegalTransition.class, e -> {
                    assertThat(e.id()).isEqualTo(ID);
                    assertThat(e.from()).isEqualTo(status);
                    assertThat(e.to()).isEqualTo(SCHEDULED);
                });
    }

    @Test
    void givenMessageWithoutWindow_waitForWindow_isRefused() {
        assertThatThrownBy(() -> queued().waitForWindow(LATER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no send window");
    }

    @Test
    void rescheduledIsNoMoveOfTheGraph_soNoRequestOrProviderEventCanMakeIt() {
        assertThat(Arrays.stream(MessageStatus.values()).filter(s -> s.canMoveTo(SCHEDULED))).isEmpty();
    }

    // the send

    @Test
    void givenDueScheduledMessage_claim_marksSending() {
        Transition t = messageIn(SCHEDULED).claim(LATER);

        assertThat(t.message().status()).isEqualTo(SENDING);
        assertThat(t.event().fromStatus()).contains(SCHEDULED);
        assertThat(t.event().toStatus()).isEqualTo(SENDING);
    }

    @Test
    void givenSendingMessage_markSent_recordsProviderIdTextAndTime() {
        Transition t = queued().claim(NOW).message().markSent(LATER, "ext-42", "Hey Ada, quick question");

        Message m = t.message();
        assertThat(m.status()).isEqualTo(SENT);
        assertThat(m.externalMessageId()).contains("ext-42");
        assertThat(m.renderedMessage()).contains("Hey Ada, quick question");
        assertThat(m.sentAt()).contains(LATER);
        assertThat(t.event().detail()).containsEntry("externalMessageId", "ext-42");
    }

    @Test
    void givenRetriedMessage_markSent_clearsTheLastError() {
        Message retried = queued().claim(NOW).message()
                .retryLater(NOW, NOW.plusSeconds(30), "PROVIDER_TIMEOUT", "timed out").message();

        Message sent = retried.claim(LATER).message().markSent(LATER, "ext-1", "Hey").message();

        assertThat(sent.errorCode()).isEmpty();
        assertThat(sent.errorMessage()).isEmpty();
    }

    @Test
    void givenSentMessage_markDelivered_recordsDeliveryTime() {
        Message m = messageIn(SENT).markDelivered(LATER).message();

        assertThat(m.status()).isEqualTo(DELIVERED);
        assertThat(m.deliveredAt()).contains(LATER);
        assertThat(m.sentAt()).contains(NOW.minusSeconds(120));
    }

    @Test
    void givenSendingMessage_markDelivered_alsoRecordsTheSendTime() {
        Message m = messageIn(SENDING).markDelivered(LATER).message();

        assertThat(m.status()).isEqualTo(DELIVERED);
        assertThat(m.sentAt()).contains(LATER);
    }

    @Test
    void givenSendingMessage_fail_marksFailedWithTheReason() {
        Transition t = messageIn(SENDING).fail(LATER, "DO_NOT_CONTACT", "the recipient asked not to be contacted");

        assertThat(t.message().status()).isEqualTo(FAILED);
        assertThat(t.message().errorCode()).contains("DO_NOT_CONTACT");
        assertThat(t.message().errorMessage()).contains("the recipient asked not to be contacted");
    }

    @Test
    void givenSendingMessage_retryLater_queuesItAgainForLaterKeepingTheError() {
        Instant nextDue = LATER.plusSeconds(30);

        Transition t = messageIn(SENDING).retryLater(LATER, nextDue, "PROVIDER_UNAVAILABLE", "503 from relay");

        assertThat(t.message().status()).isEqualTo(QUEUED);
        assertThat(t.message().dueAt()).isEqualTo(nextDue);
        assertThat(t.message().errorCode()).contains("PROVIDER_UNAVAILABLE");
        assertThat(t.event().detail()).containsEntry("nextDueAt", nextDue.toString());
    }

    @Test
    void givenNextDueInThePast_retryLater_isRefused() {
        assertThatThrownBy(() -> messageIn(SENDING).retryLater(LATER, NOW, "X", "y"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenSendingMessage_fallback_recordsTheCheckedAddresses() {
        List<String> checked = List.of("+15551234567", "ada@example.com");

        Transition t = messageIn(SENDING).fallback(LATER, checked, "NO_IMESSAGE", "no address takes iMessage");

        assertThat(t.message().status()).isEqualTo(FALLBACK);
        assertThat(t.message().checkedAddresses()).isEqualTo(checked);
        assertThat(t.message().errorCode()).contains("NO_IMESSAGE");
    }

    @Test
    void givenFallbackMessage_linkFallbackMessage_pointsAtTheSms() {
        MessageId sms = new MessageId("64b7f0c2a1b2c3d4e5f60999");

        Transition t = messageIn(FALLBACK).linkFallbackMessage(LATER, sms);

        assertThat(t.message().fallbackMessageId()).contains(sms);
        assertThat(t.message().status()).isEqualTo(FALLBACK);
        assertThat(t.event().type()).isEqualTo(MessageEvent.FALLBACK_LINKED);
        assertThatThrownBy(() -> t.message().linkFallbackMessage(LATER, sms)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> messageIn(SENT).linkFallbackMessage(LATER, sms)).isInstanceOf(IllegalStateException.class);
    }

    // read receipts

    @Test
    void givenDeliveredMessage_markRead_setsReadAtWithoutChangingStatus() {
        Transition t = messageIn(DELIVERED).markRead(LATER);

        assertThat(t.message().status()).isEqualTo(DELIVERED);
        assertThat(t.message().readAt()).contains(LATER);
        assertThat(t.event().type()).isEqualTo(MessageEvent.READ);
    }

    @Test
    void givenReadMessage_markRead_isIgnoredAsRepeated() {
        Message read = messageIn(DELIVERED).markRead(NOW).message();

        Transition t = read.markRead(LATER);

        assertThat(t.ignored()).isTrue();
        assertThat(t.message()).isSameAs(read);
        assertThat(t.event().detail()).containsEntry("reason", "repeated");
    }

    @Test
    void givenQueuedMessage_markRead_isIgnored() {
        Message m = queued();

        assertThat(m.markRead(LATER).message()).isSameAs(m);
        assertThat(m.markRead(LATER).ignored()).isTrue();
    }

    // every move a caller can ask for

    static Stream<Arguments> requestedMoves() {
        return Arrays.stream(MessageStatus.values()).flatMap(from -> Stream.of(
                Arguments.of(from, QUEUED), Arguments.of(from, SENDING), Arguments.of(from, SENT),
                Arguments.of(from, DELIVERED), Arguments.of(from, FAILED), Arguments.of(from, FALLBACK),
                Arguments.of(from, CANCELLED)));
    }

    private static final Map<MessageStatus, Function<Message, Transition>> MOVE_TO = Map.of(
            QUEUED, m -> m.retryLater(LATER, LATER.plusSeconds(30), "RETRY", "try again"),
            SENDING, m -> m.claim(LATER),
            SENT, m -> m.markSent(LATER, "ext-9", "rendered"),
            DELIVERED, m -> m.markDelivered(LATER),
            FAILED, m -> m.fail(LATER, "FAIL", "it failed"),
            FALLBACK, m -> m.fallback(LATER, List.of("+15551234567"), "NO_IMESSAGE", "no iMessage"),
            CANCELLED, m -> m.cancel(LATER, "CANCELLED_BY_USER", "cancelled"));

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("requestedMoves")
    void givenAnyStatus_requestedMove_isTakenExactlyWhenTheGraphAllowsIt(MessageStatus from, MessageStatus to) {
        Message message = messageIn(from);
        Function<Message, Transition> move = MOVE_TO.get(to);
        boolean ourSendAfterAProviderEvent = to == SENT && Set.of(SENT, DELIVERED, FAILED).contains(from);

        if (from.canMoveTo(to)) {
            Transition t = move.apply(message);
            assertThat(t.message().status()).isEqualTo(to);
            assertThat(t.event()).extracting(MessageEvent::type, MessageEvent::fromStatus, MessageEvent::toStatus)
                    .containsExactly(MessageEvent.STATUS_CHANGED, Optional.of(from), to);
        } else if (ourSendAfterAProviderEvent) {
            Transition t = move.apply(message);
            assertThat(t.message().status()).isEqualTo(from);
            assertThat(t.event().type()).isEqualTo(MessageEvent.SEND_RECORDED);
        } else {
            assertThatThrownBy(() -> move.apply(message))
                    .isInstanceOfSatisfying(IllegalTransition.class, e -> {
                        assertThat(e.from()).isEqualTo(from);
                        assertThat(e.to()).isEqualTo(to);
                    });
        }
    }

    // provider events

    @Test
    void givenSendingMessage_earlyProviderDelivered_skipsForwardToDelivered() {
        Transition t = messageIn(SENDING).applyProviderStatus(LATER, ProviderReport.delivered());

        assertThat(t.ignored()).isFalse();
        assertThat(t.message().status()).isEqualTo(DELIVERED);
        assertThat(t.message().deliveredAt()).contains(LATER);
        assertThat(t.message().sentAt()).contains(LATER);
        assertThat(t.event().detail()).containsEntry("source", "provider");
    }

    @Test
    void givenProviderDeliveredBeforeOurSentCommits_markSent_keepsDeliveredAndRecordsTheSend() {
        Message delivered = messageIn(SENDING).applyProviderStatus(NOW, ProviderReport.delivered()).message();

        Transition t = delivered.markSent(LATER, "ext-7", "Hey Ada");

        assertThat(t.message().status()).isEqualTo(DELIVERED);
        assertThat(t.message().externalMessageId()).contains("ext-7");
        assertThat(t.message().renderedMessage()).contains("Hey Ada");
        assertThat(t.message().sentAt()).contains(NOW);
        assertThat(t.event().type()).isEqualTo(MessageEvent.SEND_RECORDED);
    }

    @Test
    void givenDeliveredMessage_lateProviderSent_isIgnoredAsStale() {
        Message delivered = messageIn(DELIVERED);

        Transition t = delivered.applyProviderStatus(LATER, ProviderReport.sent());

        assertThat(t.ignored()).isTrue();
        assertThat(t.message()).isSameAs(delivered);
        assertThat(t.event()).isEqualTo(new MessageEvent(
                MessageEvent.IGNORED, Optional.of(DELIVERED), SENT, LATER, Map.of("reason", "stale")));
    }

    @Test
    void givenSentMessage_providerSentTwice_isIgnoredAsRepeated() {
        Message sent = messageIn(SENDING).applyProviderStatus(NOW, ProviderReport.sent()).message();

        Transition t = sent.applyProviderStatus(LATER, ProviderReport.sent());

        assertThat(t.ignored()).isTrue();
        assertThat(t.message()).isSameAs(sent);
        assertThat(t.event().detail()).containsEntry("reason", "repeated");
    }

    @Test
    void givenSentMessage_providerFailed_marksFailedWithTheProvidersReason() {
        Transition t = messageIn(SENT).applyProviderStatus(LATER, ProviderReport.failed("UNDELIVERED", "carrier rejected"));

        assertThat(t.message().status()).isEqualTo(FAILED);
        assertThat(t.message().errorCode()).contains("UNDELIVERED");
        assertThat(t.message().errorMessage()).contains("carrier rejected");
    }

    @Test
    void givenDeliveredMessage_providerFailed_isIgnoredAsStale() {
        Transition t = messageIn(DELIVERED).applyProviderStatus(LATER, ProviderReport.failed("UNDELIVERED", "late"));

        assertThat(t.ignored()).isTrue();
        assertThat(t.event().detail()).containsEntry("reason", "stale");
    }

    @Test
    void givenQueuedMessage_providerDelivered_isIgnoredAsUnexpected() {
        Transition t = messageIn(QUEUED).applyProviderStatus(LATER, ProviderReport.delivered());

        assertThat(t.ignored()).isTrue();
        assertThat(t.message().status()).isEqualTo(QUEUED);
        assertThat(t.event().detail()).containsEntry("reason", "unexpected");
    }

    static Stream<Arguments> providerReportsInEveryStatus() {
        return Arrays.stream(MessageStatus.values()).flatMap(status -> Stream.of(
                Arguments.of(status, ProviderReport.sent()),
                Arguments.of(status, ProviderReport.delivered()),
                Arguments.of(status, ProviderReport.failed("UNDELIVERED", "carrier rejected"))));
    }

    @ParameterizedTest(name = "{0} + provider {1}")
    @MethodSource("providerReportsInEveryStatus")
    void givenAnyStatus_providerReport_isAppliedOrIgnoredButNeverThrows(MessageStatus status, ProviderReport report) {
        Message message = messageIn(status);

        Transition t = message.applyProviderStatus(LATER, report);

        if (status.canMoveTo(report.status())) {
            assertThat(t.message().status()).isEqualTo(report.status());
            assertThat(t.ignored()).isFalse();
        } else {
            assertThat(t.message()).isSameAs(message);
            assertThat(t.ignored()).isTrue();
            assertThat(t.event().fromStatus()).contains(status);
            assertThat(t.event().toStatus()).isEqualTo(report.status());
        }
    }

    @Test
    void providerReport_refusesStatusesAProviderCannotReport() {
        assertThatThrownBy(() -> new ProviderReport(QUEUED, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProviderReport.failed("X", null)).isInstanceOf(IllegalArgumentException.class);
    }

    // rehydrate

    @ParameterizedTest
    @EnumSource(value = MessageStatus.class, names = {"FAILED", "FALLBACK", "CANCELLED"})
    void givenStatusThatDidNotGoOut_rehydrateWithoutReason_isRefused(MessageStatus status) {
        Message withReason = messageIn(status);

        assertThatThrownBy(() -> copy(withReason).errorCode(Optional.empty()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("errorCode");
        assertThatThrownBy(() -> copy(withReason).errorMessage(Optional.of("  ")).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rehydrate_rebuildsAnEqualMessageFromEveryField() {
        Message original = Message.accept(request(Optional.of(NOW.plusSeconds(60)), Optional.of(OFFICE_HOURS)), NOW)
                .message().claim(LATER).message().markSent(LATER, "ext-1", "Hey Ada").message();

        assertThat(copy(original).build()).isEqualTo(original);
    }

    @Test
    void givenMissingRequiredField_rehydrate_isRefused() {
        assertThatThrownBy(() -> copy(queued()).correlationId(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("correlationId");
    }

    @Test
    void everyTransition_leavesTheOriginalUnchanged() {
        Message original = queued();
        Message snapshot = copy(original).build();

        original.claim(LATER);
        original.cancel(LATER, "C", "c");

        assertThat(original).isEqualTo(snapshot);
    }

    private static Message.Builder copy(Message m) {
        return Message.rehydrate()
                .id(m.id()).workspaceId(m.workspaceId()).template(m.template()).renderedMessage(m.renderedMessage())
                .channel(m.channel()).status(m.status()).lineId(m.lineId()).leadId(m.leadId())
                .recipientPhone(m.recipientPhone()).recipientEmail(m.recipientEmail()).recipientName(m.recipientName())
                .subject(m.subject()).scheduledDate(m.scheduledDate()).window(m.window()).batchId(m.batchId())
                .correlationId(m.correlationId()).createdByUserId(m.createdByUserId())
                .externalMessageId(m.externalMessageId()).errorCode(m.errorCode()).errorMessage(m.errorMessage())
                .checkedAddresses(m.checkedAddresses()).sendFallbackSmsOnFailed(m.sendFallbackSmsOnFailed())
                .fallbackMessageId(m.fallbackMessageId()).sentAt(m.sentAt()).deliveredAt(m.deliveredAt())
                .readAt(m.readAt()).createdAt(m.createdAt()).updatedAt(m.updatedAt()).dueAt(m.dueAt());
    }
}
