package ai.tuco.application.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.testing.CountingIds;
import ai.tuco.application.testing.CountingNotices;
import ai.tuco.application.testing.FakeApiKeys;
import ai.tuco.application.testing.FakeUsers;
import ai.tuco.application.testing.FakeWorkspaces;
import ai.tuco.application.testing.InlineTransactions;
import ai.tuco.application.testing.RecordingAuditLog;
import ai.tuco.application.testing.TestData;
import ai.tuco.application.workspace.port.in.CreateApiKeyUseCase.CreateApiKeyCommand;
import ai.tuco.application.workspace.port.in.ManageApiKeysUseCase.IssueApiKeyRequest;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.ApiKey;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ApiKeyServiceTest {
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final Actor ACTOR = Actor.cli();

    final MutableClock clock = new MutableClock(NOW);
    final FakeWorkspaces workspaces = new FakeWorkspaces();
    final FakeApiKeys keys = new FakeApiKeys(workspaces);
    final FakeUsers users = new FakeUsers();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final CountingNotices notices = new CountingNotices();
    final ApiKeyService service = new ApiKeyService(keys, users, audit, new InlineTransactions(),
            new CountingIds(), clock, notices);
    final Workspace acme = TestData.workspace(new WorkspaceId("aaaaaaaaaaaaaaaaaaaaaaaa"));
    final Caller admin = TestData.admin(acme);

    ApiKeyServiceTest() {
        workspaces.insert(acme);
    }

    static IssueApiKeyRequest request(String name, String role) {
        return new IssueApiKeyRequest(Optional.ofNullable(name), Optional.ofNullable(role), Optional.empty());
    }

    @Test
    void create_storesOnlyTheSecretsDigest_andAuditsTheRole() {
        var created = service.create(new CreateApiKeyCommand(acme.id(), "CI", Role.MEMBER, Optional.empty(), ACTOR));

        ApiKey key = created.apiKey();
        assertThat(created.secret()).startsWith("tuco_sk_").startsWith(key.prefix());
        assertThat(key.prefix().length()).isLessThan(created.secret().length() - 16);
        assertThat(keys.digest(key.id())).isEqualTo(ApiKeySecrets.sha256(created.secret()));
        assertThat(key.createdAt()).isEqualTo(NOW);
        assertThat(audit.entries()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("api_key.create");
            assertThat(e.targetId()).isEqualTo(key.id().value());
            assertThat(e.detail()).containsEntry("role", "member").doesNotContainValue(created.secret());
        });
    }

    @Test
    void createCommand_refusesABlankOrTooLongName() {
        assertThatThrownBy(() -> new CreateApiKeyCommand(acme.id(), "  ", Role.ADMIN, Optional.empty(), ACTOR))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("name must not be blank");
        assertThatThrownBy(() -> new CreateApiKeyCommand(acme.id(), "n".repeat(201), Role.ADMIN, Optional.empty(), ACTOR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 200");
        assertThat(new CreateApiKeyCommand(acme.id(), " ok ", Role.ADMIN, Optional.empty(), ACTOR).name()).isEqualTo("ok");
    }

    @Test
    void issue_withNameAndRole_issuesATrimmedNamedKey() {
        var created = service.issue(admin, ACTOR, request("  Zapier ", "admin"));

        assertThat(created.apiKey().name()).isEqualTo("Zapier");
        assertThat(created.apiKey().role()).isEqualTo(Role.ADMIN);
        assertThat(keys.listByWorkspace(acme.id())).extracting(ApiKey::id).containsExactly(created.apiKey().id());
    }

    record Invalid(String label, IssueApiKeyRequest request, List<String> fields) {
        @Override
        public String toString() {
            return label;
        }
    }

    static List<Invalid> invalidRequests() {
        FieldError mistypedName = new FieldError("name", "name must be a string");
        return List.of(
                new Invalid("empty body", request(null, null), List.of("name", "role")),
                new Invalid("no name", request(null, "member"), List.of("name")),
                new Invalid("blank name", request("   ", "member"), List.of("name")),
                new Invalid("name of 201", request("n".repeat(201), "member"), List.of("name")),
                new Invalid("no role", request("k", null), List.of("role")),
                new Invalid("unknown role", request("k", "owner"), List.of("role")),
                new Invalid("bad user id", new IssueApiKeyRequest(Optional.of("k"), Optional.of("member"), Optional.of("bob")),
                        List.of("userId")),
                new Invalid("everything", new IssueApiKeyRequest(Optional.of(""), Optional.of("owner"), Optional.of("bob")),
                        List.of("name", "role", "userId")),
                new Invalid("mistyped name beside a missing role", new IssueApiKeyRequest(Optional.empty(), Optional.empty(),
                        Optional.empty(), List.of(mistypedName)), List.of("name", "role")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void issue_withBrokenFields_reportsEachOnceInOrder_andIssuesNothing(Invalid c) {
        assertThatThrownBy(() -> service.issue(admin, ACTOR, c.request()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> {
                    assertThat(e.code()).isEqualTo("VALIDATION_ERROR");
                    assertThat(e.details()).extracting(FieldError::field).containsExactlyElementsOf(c.fields());
                });
        assertThat(keys.byId()).isEmpty();
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void issue_keepsTheAdaptersMessageForAMistypedField() {
        var mistyped = new FieldError("role", "role must be a string");
        assertThatThrownBy(() -> service.issue(admin, ACTOR,
                new IssueApiKeyRequest(Optional.of("k"), Optional.empty(), Optional.empty(), List.of(mistyped))))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.details()).containsExactly(mistyped));
    }

    @Test
    void issue_forAUserOfTheWorkspace_bindsTheKey_andForAnyOtherUserIsNotFound() {
        UserId bob = users.upsert(acme.id(), "user_bob", Role.MEMBER, "bbbbbbbbbbbbbbbbbbbbbbbb", NOW);
        UserId stranger = users.upsert(new WorkspaceId("cccccccccccccccccccccccc"), "user_x", Role.ADMIN,
                "dddddddddddddddddddddddd", NOW);

        var bound = service.issue(admin, ACTOR, new IssueApiKeyRequest(Optional.of("Bob"), Optional.of("member"),
                Optional.of(bob.value())));
        assertThat(bound.apiKey().userId()).contains(bob);
        assertThat(audit.entries().get(0).detail()).containsEntry("userId", bob.value());

        for (UserId other : List.of(stranger, new UserId("eeeeeeeeeeeeeeeeeeeeeeee"))) {
            assertThatThrownBy(() -> service.issue(admin, ACTOR, new IssueApiKeyRequest(Optional.of("x"),
                    Optional.of("admin"), Optional.of(other.value()))))
                    .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
        }
        assertThat(keys.byId()).hasSize(1);
    }

    @Test
    void issue_byAMember_isForbiddenBeforeItsFieldsAreChecked() {
        Caller member = TestData.member(acme, Optional.empty());
        assertThatThrownBy(() -> service.issue(member, ACTOR, request(null, null)))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.code()).isEqualTo("FORBIDDEN"));
    }

    @Test
    void issueAndRevoke_inAReadOnlyWorkspace_areRefused() {
        Caller readOnly = TestData.admin(acme.withStatus(WorkspaceStatus.READ_ONLY));
        assertThatThrownBy(() -> service.issue(readOnly, ACTOR, request("k", "member")))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.code()).isEqualTo("READ_ONLY"));
        assertThatThrownBy(() -> service.revoke(readOnly, ACTOR, new ApiKeyId("ffffffffffffffffffffffff")))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.code()).isEqualTo("READ_ONLY"));
    }

    @Test
    void list_showsTheCallersLiveKeysOnly_andOnlyToAdmins() {
        Workspace other = TestData.workspace(new WorkspaceId("cccccccccccccccccccccccc"));
        workspaces.insert(other);
        ApiKeyId mine = service.issue(admin, ACTOR, request("mine", "member")).apiKey().id();
        ApiKeyId gone = service.issue(admin, ACTOR, request("gone", "member")).apiKey().id();
        service.create(new CreateApiKeyCommand(other.id(), "theirs", Role.ADMIN, Optional.empty(), ACTOR));
        service.revoke(admin, ACTOR, gone);

        assertThat(service.list(admin)).extracting(ApiKey::id).containsExactly(mine);
        Caller member = TestData.member(acme, Optional.empty());
        assertThatThrownBy(() -> service.list(member)).isInstanceOf(UseCaseException.class);
    }

    @Test
    void revoke_marksTheKeyRevoked_auditsIt_andTellsEveryNode() {
        ApiKeyId id = service.issue(admin, ACTOR, request("short-lived", "admin")).apiKey().id();
        clock.advance(java.time.Duration.ofMinutes(5));

        service.revoke(admin, ACTOR, id);

        assertThat(keys.byId().get(id).revokedAt()).contains(NOW.plusSeconds(300));
        assertThat(audit.actions()).containsExactly("api_key.create", "api_key.revoke");
        assertThat(audit.entries().get(1).targetId()).isEqualTo(id.value());
        assertThat(notices.count()).isEqualTo(1);
    }

    @Test
    void revoke_ofAnUnknownForeignOrRevokedKey_isNotFound_andAnnouncesNothing() {
        Workspace other = TestData.workspace(new WorkspaceId("cccccccccccccccccccccccc"));
        workspaces.insert(other);
        ApiKeyId theirs = service.create(new CreateApiKeyCommand(other.id(), "theirs", Role.ADMIN, Optional.empty(), ACTOR))
                .apiKey().id();
        ApiKeyId revoked = service.issue(admin, ACTOR, request("once", "admin")).apiKey().id();
        service.revoke(admin, ACTOR, revoked);
        int noticesBefore = notices.count();

        for (ApiKeyId id : List.of(theirs, revoked, new ApiKeyId("ffffffffffffffffffffffff"))) {
            assertThatThrownBy(() -> service.revoke(admin, ACTOR, id))
                    .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
        }
        assertThat(keys.byId().get(theirs).isRevoked()).isFalse();
        assertThat(notices.count()).isEqualTo(noticesBefore);
    }
}
