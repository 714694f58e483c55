package ai.tuco.application.line;

import static ai.tuco.application.line.LineInputs.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.line.port.in.ListLinesQuery.LineWithUsage;
import ai.tuco.application.line.port.out.LineRepository.Usage;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException.Kind;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.testing.CountingNotices;
import ai.tuco.application.testing.FakeLines;
import ai.tuco.application.testing.FakePhoneNormalizer;
import ai.tuco.application.testing.FakeProviders;
import ai.tuco.application.testing.FakeUsers;
import ai.tuco.application.testing.InlineTransactions;
import ai.tuco.application.testing.RecordingAuditLog;
import ai.tuco.application.testing.TestData;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManageLinesServiceTest {
    static final String SID = "AC" + "0123456789abcdef".repeat(2);
    static final Actor ACTOR = Actor.system("test");
    static final LineId ID = new LineId("dddddddddddddddddddddddd");
    static final Instant CREATED = Instant.parse("2026-03-01T00:00:00Z");

    final Workspace ws = TestData.workspace(new WorkspaceId("aaaaaaaaaaaaaaaaaaaaaaaa"), WorkspaceStatus.ACTIVE);
    final Workspace other = TestData.workspace(new WorkspaceId("ffffffffffffffffffffffff"), WorkspaceStatus.ACTIVE);
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T05:06:07Z"));
    final FakeLines lines = new FakeLines();
    final FakeUsers users = new FakeUsers();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final CountingNotices notices = new CountingNotices();
    final ManageLinesService service = new ManageLinesService(lines, users, new FakePhoneNormalizer(), FakeProviders.standard(), audit, new InlineTransactions(),
            notices, clock);
    final Line twilio = new Line(ID, ws.id(), "Main", Optional.of(new E164Phone("+13125550301")), Optional.empty(), "Tess", "T",
            true, Set.of(Channel.SMS), new Provider("twilio"), Optional.of(new UserId("bbbbbbbbbbbbbbbbbbbbbbbb")), 30,
            new LineCaps(10, 20, 5), CREATED, CREATED);

    @BeforeEach
    void storeALine() {
        lines.insert(twilio, Map.of("accountSid", SID, "authToken", "old"));
    }

    private LineWithUsage update(Object... fields) {
        return service.update(TestData.admin(ws), ACTOR, ID, input(fields));
    }

    @Test
    void givenOnlyAName_update_keepsEveryAbsentFieldAndTheSealedConfig() {
        Line changed = update("name", "Renamed").line();
        assertThat(changed).isEqualTo(new Line(ID, ws.id(), "Renamed", twilio.phone(), twilio.email(), "Tess", "T", true,
                Set.of(Channel.SMS), new Provider("twilio"), twilio.ownerUserId(), 30, new LineCaps(10, 20, 5), CREATED, clock.instant()));
        assertThat(lines.rows().get(ID)).isEqualTo(changed);
        assertThat(lines.updates()).containsExactly(Optional.empty());
        assertThat(lines.configs().get(ID)).containsEntry("authToken", "old");
        assertThat(audit.entries()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("line.update");
            assertThat(e.detail()).isEqualTo(Map.of("provider", "twilio", "providerConfigChanged", "false"));
        });
        assertThat(notices.count()).isEqualTo(1);
    }

    @Test
    void givenNewCredentials_update_handsThemToTheRepositoryAndAuditsTheChangeWithoutValues() {
        update("providerConfig", Map.of("accountSid", SID, "authToken", "new-token"));
        assertThat(lines.updates()).containsExactly(Optional.of(Map.of("accountSid", SID, "authToken", "new-token")));
        assertThat(audit.entries()).singleElement().satisfies(e -> {
            assertThat(e.detail()).containsEntry("providerConfigChanged", "true");
            assertThat(e.toString()).doesNotContain("new-token").doesNotContain(SID);
        });
    }

    @Test
    void givenANewProviderWithoutItsConfig_update_isInvalidAndChangesNothing() {
        assertThatThrownBy(() -> update("provider", "bluebubbles", "channels", List.of("imessage")))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.details()).extracting(FieldError::field)
                        .containsExactlyInAnyOrder("providerConfig.serverUrl", "providerConfig.password"));
        assertThatThrownBy(() -> update("channels", List.of("email")))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.details())
                        .containsExactly(new FieldError("channels", "twilio lines can send [sms] only")));
        assertThat(lines.rows().get(ID)).isEqualTo(twilio);
        assertThat(lines.updates()).isEmpty();
        assertThat(audit.entries()).isEmpty();
        assertThat(notices.count()).isZero();
    }

    @Test
    void givenANewProviderWithAValidConfig_update_switchesAndReseals() {
        Line changed = update("provider", "bluebubbles", "providerConfig", Map.of("serverUrl", "https://bb.example.com", "password", "pw"))
                .line();
        assertThat(changed.provider()).isEqualTo(new Provider("bluebubbles"));
        assertThat(lines.updates()).containsExactly(Optional.of(Map.of("serverUrl", "https://bb.example.com", "password", "pw")));
        assertThat(audit.entries()).singleElement().satisfies(e -> assertThat(e.detail()).containsEntry("provider", "bluebubbles"));
    }

    @Test
    void clearingThePhoneOfAnSmsLine_isInvalid() {
        assertThatThrownBy(() -> update("phone", "")).isInstanceOfSatisfying(UseCaseException.class,
                e -> assertThat(e.details()).containsExactly(new FieldError("phone", "an sms line needs a phone number")));
    }

    @Test
    void theOwner_isCheckedWhenItChangesAndClearedByAnEmptyId() {
        assertThatThrownBy(() -> update("ownerUserId", "e1e1e1e1e1e1e1e1e1e1e1e1"))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThat(update("pacingSeconds", 0).line().ownerUserId()).isEqualTo(twilio.ownerUserId()); // unchanged: not re-checked
        assertThat(update("ownerUserId", "").line().ownerUserId()).isEmpty();
    }

    @Test
    void anotherWorkspacesLine_isNotFoundForUpdateAndGet() {
        assertThatThrownBy(() -> service.update(TestData.admin(other), ACTOR, ID, input("name", "stolen")))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> service.get(TestData.admin(other), ID))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> service.get(TestData.admin(ws), new LineId("eeeeeeeeeeeeeeeeeeeeeeee")))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThat(lines.rows().get(ID).name()).isEqualTo("Main");
    }

    @Test
    void aMember_readsALineWithTodaysUsageButCannotChangeIt() {
        clock.advance(Duration.ofDays(1));
        lines.usage(ws.id(), Map.of(ID, new Usage(3, 7)));
        LineWithUsage read = service.get(TestData.member(ws, Optional.empty()), ID);
        assertThat(read.line()).isEqualTo(twilio);
        assertThat(read.date()).isEqualTo(LocalDate.parse("2026-03-05")).isEqualTo(lines.usageDay());
        assertThat(read.newConversationsCount()).isEqualTo(3);
        assertThat(read.totalMessagesCount()).isEqualTo(7);
        assertThatThrownBy(() -> service.update(TestData.member(ws, Optional.empty()), ACTOR, ID, input("name", "mine")))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN));
        assertThat(lines.updates()).isEmpty();
    }
}
