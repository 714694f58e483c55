package ai.tuco.application.line;

import static ai.tuco.application.line.LineInputs.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.line.port.in.CreateLineUseCase.CreateLineCommand;
import ai.tuco.application.line.port.in.LineInput;
import ai.tuco.application.line.port.in.ListLinesQuery.LineWithUsage;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException.Kind;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.testing.CountingIds;
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
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CreateLineServiceTest {
    static final String SID = "AC" + "0123456789abcdef".repeat(2);
    static final String TOKEN = "s3cr3t-token";
    static final Actor ACTOR = Actor.system("test");

    final Workspace ws = TestData.workspace(new WorkspaceId("aaaaaaaaaaaaaaaaaaaaaaaa"), WorkspaceStatus.ACTIVE);
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T05:06:07.089123Z"));
    final FakeLines lines = new FakeLines();
    final FakeUsers users = new FakeUsers();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final InlineTransactions tx = new InlineTransactions();
    final CreateLineService service = new CreateLineService(lines, users, new FakePhoneNormalizer(), FakeProviders.standard(), audit, tx, new CountingIds(0xa1001), clock);

    private LineWithUsage create(LineInput in) {
        return service.create(TestData.admin(ws), ACTOR, new CreateLineCommand(in));
    }

    private static LineInput twilio(Object... more) {
        Object[] base = {"provider", "twilio", "channels", List.of("sms"), "phone", "(312) 555-0301",
                "providerConfig", Map.of("accountSid", SID, "authToken", TOKEN)};
        Object[] all = Stream.concat(Stream.of(base), Stream.of(more)).toArray();
        return input(all);
    }

    @Test
    void givenValidFields_create_storesTheLineWithNormalisedPhoneAndHandsTheCredentialsToTheRepositoryOnly() {
        users.add(ws.id(), new UserId("bbbbbbbbbbbbbbbbbbbbbbbb"));
        LineWithUsage created = create(twilio("name", " Main ", "firstName", "Tess", "lastName", "Twilio", "pacingSeconds", 30,
                "dailyNewConversationsLimit", 10, "dailyTotalMessagesLimit", 20, "hourlyNewConversationsLimit", 5,
                "ownerUserId", "bbbbbbbbbbbbbbbbbbbbbbbb", "isActive", false));

        Line line = created.line();
        assertThat(lines.rows()).containsEntry(line.id(), line);
        assertThat(line.workspaceId()).isEqualTo(ws.id());
        assertThat(line.name()).isEqualTo("Main");
        assertThat(line.phone()).contains(new E164Phone("+13125550301"));
        assertThat(line.email()).isEmpty();
        assertThat(line.firstName()).isEqualTo("Tess");
        assertThat(line.lastName()).isEqualTo("Twilio");
        assertThat(line.active()).isFalse();
        assertThat(line.channels()).containsExactly(Channel.SMS);
        assertThat(line.provider()).isEqualTo(new Provider("twilio"));
        assertThat(line.ownerUserId()).contains(new UserId("bbbbbbbbbbbbbbbbbbbbbbbb"));
        assertThat(line.pacingSeconds()).isEqualTo(30);
        assertThat(line.caps()).isEqualTo(new LineCaps(10, 20, 5));
        assertThat(line.createdAt()).isEqualTo(Instant.parse("2026-03-04T05:06:07.089Z")).isEqualTo(line.updatedAt());
        assertThat(created.date()).isEqualTo(LocalDate.parse("2026-03-04"));
        assertThat(created.newConversationsCount()).isZero();

        assertThat(lines.configs().get(line.id())).isEqualTo(Map.of("accountSid", SID, "authToken", TOKEN));
        assertThat(created.toString()).doesNotContain(TOKEN).doesNotContain(SID);
        assertThat(tx.count()).isEqualTo(1);
    }

    @Test
    void givenNoOptionalFields_create_appliesTheDefaults() {
        Line line = create(input("provider", "sandbox", "channels", List.of("imessage"), "email", "Sales@Example.COM")).line();
        assertThat(line.caps()).isEqualTo(LineCaps.DEFAULTS);
        assertThat(line.pacingSeconds()).isZero();
        assertThat(line.active()).isTrue();
        assertThat(line.ownerUserId()).isEmpty();
        assertThat(line.name()).isEmpty();
        assertThat(line.email()).contains(EmailAddress.parse("sales@example.com"));
        assertThat(lines.configs().get(line.id())).isEmpty();
    }

    @Test
    void create_writesAnAuditRowSayingTheConfigChangedWithoutItsValues() {
        Line line = create(twilio()).line();
        assertThat(audit.entries()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("line.create");
            assertThat(e.actor()).isEqualTo(ACTOR);
            assertThat(e.workspaceId()).contains(ws.id());
            assertThat(e.targetType()).isEqualTo("line");
            assertThat(e.targetId()).isEqualTo(line.id().value());
            assertThat(e.detail()).isEqualTo(Map.of("provider", "twilio", "providerConfigChanged", "true"));
            assertThat(e.toString()).doesNotContain(TOKEN).doesNotContain(SID);
        });
    }

    @Test
    void givenAFixedId_create_usesIt() {
        LineId fixed = new LineId("667f1f77bcf86cd799439011");
        var fields = LineInput.of("sandbox", List.of("sms"), Optional.of("+14155550100"), Optional.empty(), "Demo");
        assertThat(service.create(TestData.admin(ws), ACTOR, new CreateLineCommand(fields, Optional.of(fixed))).line().id())
                .isEqualTo(fixed);
    }

    static Stream<Arguments> brokenFields() {
        String longText = "x".repeat(201);
        return Stream.of(
                Arguments.of("no provider and no channels", input("phone", "+13125550331"), List.of("provider", "channels")),
                Arguments.of("unknown provider", input("provider", "pigeon", "channels", List.of("sms"), "phone", "+13125550331"),
                        List.of("provider")),
                Arguments.of("empty channels", input("provider", "sandbox", "channels", List.of(), "phone", "+13125550331"),
                        List.of("channels")),
                Arguments.of("two unknown channels, said once", input("provider", "sandbox", "channels", List.of("fax", "pager"),
                        "phone", "+13125550331"), List.of("channels")),
                Arguments.of("twilio for imessage", twilio("channels", List.of("imessage")), List.of("channels")),
                Arguments.of("twilio without token", input("provider", "twilio", "channels", List.of("sms"), "phone", "+13125550331",
                        "providerConfig", Map.of("accountSid", SID)), List.of("providerConfig.authToken")),
                Arguments.of("bluebubbles without any config", input("provider", "bluebubbles", "channels", List.of("imessage"),
                        "phone", "+13125550331"), List.of("providerConfig.serverUrl", "providerConfig.password")),
                Arguments.of("sandbox with a setting it does not have", input("provider", "sandbox", "channels", List.of("sms"),
                        "phone", "+13125550331", "providerConfig", Map.of("apiKey", TOKEN)), List.of("providerConfig.apiKey")),
                Arguments.of("bad phone", input("provider", "sandbox", "channels", List.of("sms"), "phone", "12"), List.of("phone")),
                Arguments.of("bad email", input("provider", "sandbox", "channels", List.of("email"), "email", "nobody"),
                        List.of("email")),
                Arguments.of("sms without a phone", twilio("phone", ""), List.of("phone")),
                Arguments.of("email without an email", input("provider", "sandbox", "channels", List.of("email"),
                        "phone", "+13125550331"), List.of("email")),
                Arguments.of("imessage without any address", input("provider", "sandbox", "channels", List.of("imessage")),
                        List.of("phone")),
                Arguments.of("owner not an id", twilio("ownerUserId", "bob"), List.of("ownerUserId")),
                Arguments.of("negative pacing", twilio("pacingSeconds", -1), List.of("pacingSeconds")),
                Arguments.of("pacing over a day", twilio("pacingSeconds", 86_401), List.of("pacingSeconds")),
                Arguments.of("daily new cap over the maximum", twilio("dailyNewConversationsLimit", 1_000_001),
                        List.of("dailyNewConversationsLimit")),
                Arguments.of("negative daily total cap", twilio("dailyTotalMessagesLimit", -5), List.of("dailyTotalMessagesLimit")),
                Arguments.of("hourly cap over the maximum", twilio("hourlyNewConversationsLimit", 2_000_000),
                        List.of("hourlyNewConversationsLimit")),
                Arguments.of("long name", twilio("name", longText), List.of("name")),
                Arguments.of("long first name", twilio("firstName", longText), List.of("firstName")),
                Arguments.of("long last name", twilio("lastName", longText), List.of("lastName")),
                Arguments.of("several fields at once, each once", twilio("phone", "12", "ownerUserId", "bob", "pacingSeconds", -1,
                        "name", longText), List.of("phone", "ownerUserId", "pacingSeconds", "name")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFields")
    void givenABrokenField_create_isInvalidNamingEachFieldOnceAndStoresNothing(String label, LineInput in, List<String> fields) {
        assertThatThrownBy(() -> create(in)).isInstanceOfSatisfying(UseCaseException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.INVALID);
            assertThat(e.code()).isEqualTo("VALIDATION_ERROR");
            assertThat(e.details()).extracting(FieldError::field).containsExactlyInAnyOrderElementsOf(fields);
            assertThat(e.details().toString()).doesNotContain(TOKEN);
        });
        assertThat(lines.rows()).isEmpty();
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void brokenFields_areReportedInTheContractsWords() {
        assertThatThrownBy(() -> create(twilio("channels", List.of("imessage", "sms"), "pacingSeconds", 86_401,
                "dailyTotalMessagesLimit", -1, "lastName", "x".repeat(201))))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.details()).containsExactlyInAnyOrder(
                        new FieldError("channels", "twilio lines can send [sms] only"),
                        new FieldError("pacingSeconds", "pacingSeconds must be a whole number from 0 to 86400"),
                        new FieldError("dailyTotalMessagesLimit", "dailyTotalMessagesLimit must be a whole number from 0 to 1000000"),
                        new FieldError("lastName", "lastName must be at most 200 characters")));
        assertThatThrownBy(() -> create(input("provider", "sandbox", "channels", List.of("sms", "email"), "email", "a@example.com")))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.details())
                        .containsExactly(new FieldError("phone", "an sms line needs a phone number")));
    }

    @Test
    void givenAnOwnerWhoIsNoUserOfTheWorkspace_create_isNotFoundAndStoresNothing() {
        assertThatThrownBy(() -> create(twilio("ownerUserId", "e1e1e1e1e1e1e1e1e1e1e1e1")))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThat(lines.rows()).isEmpty();
    }

    @Test
    void givenAMemberOrAReadOnlyWorkspace_create_isRefusedBeforeAnyCheck() {
        assertThatThrownBy(() -> service.create(TestData.member(ws, Optional.empty()), ACTOR, new CreateLineCommand(input())))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN));
        Workspace readOnly = TestData.workspace(new WorkspaceId("cccccccccccccccccccccccc"), WorkspaceStatus.READ_ONLY);
        assertThatThrownBy(() -> service.create(TestData.admin(readOnly), ACTOR, new CreateLineCommand(twilio())))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.READ_ONLY));
        assertThat(lines.rows()).isEmpty();
        assertThat(Set.copyOf(audit.entries())).isEmpty();
    }
}
