package ai.tuco.application.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.shared.ExpiringCache;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.testing.CountingIds;
import ai.tuco.application.testing.FakeApiKeys;
import ai.tuco.application.testing.FakeUsers;
import ai.tuco.application.testing.FakeWorkspaces;
import ai.tuco.application.testing.InlineTransactions;
import ai.tuco.application.testing.RecordingAuditLog;
import ai.tuco.application.workspace.port.in.AuthenticateUseCase.ClerkIdentity;
import ai.tuco.application.workspace.port.in.CreateApiKeyUseCase.CreateApiKeyCommand;
import ai.tuco.application.workspace.port.out.ApiKeyRepository;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticationServiceTest {
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    final MutableClock clock = new MutableClock(NOW);
    final CountingIds ids = new CountingIds();
    final FakeWorkspaces workspaces = new FakeWorkspaces();
    final FakeApiKeys keys = new FakeApiKeys(workspaces);
    final FakeUsers users = new FakeUsers();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final InlineTransactions tx = new InlineTransactions();
    final ExpiringCache<String, ApiKeyRepository.Credential> credentials = new ExpiringCache<>(Duration.ofSeconds(1), clock, 100);
    final Workspace acme = new Workspace(new WorkspaceId("aaaaaaaaaaaaaaaaaaaaaaaa"), "Acme", WorkspaceStatus.ACTIVE, "US",
            Optional.of("org_acme"), NOW);
    final ApiKeyService apiKeys = new ApiKeyService(keys, users, audit, tx, ids, clock, () -> { });

    AuthenticationServiceTest() {
        workspaces.insert(acme);
    }

    AuthenticationService service(boolean autoProvision) {
        return service(workspaces, autoProvision);
    }

    AuthenticationService service(FakeWorkspaces store, boolean autoProvision) {
        var organizations = new ClerkOrganizations(store, store, audit, tx, ids, clock, autoProvision);
        return new AuthenticationService(keys, organizations, users, ids, clock, credentials);
    }

    String key(Role role) {
        return apiKeys.create(new CreateApiKeyCommand(acme.id(), "k", role, Optional.empty(), Actor.cli())).secret();
    }

    // ---- API keys ------------------------------------------------------------------------------------------------------

    @Test
    void aKnownKey_authenticatesAsItsWorkspaceAndRole_andNotesItsUseAtMostOnceAMinute() {
        String secret = key(Role.MEMBER);
        AuthenticationService auth = service(false);

        Caller caller = auth.byApiKey(secret).orElseThrow();

        assertThat(caller.workspace()).isEqualTo(acme);
        assertThat(caller.role()).isEqualTo(Role.MEMBER);
        assertThat(caller.apiKeyId()).isPresent();
        assertThat(keys.byId().get(caller.apiKeyId().get()).lastUsedAt()).contains(NOW);
        clock.advance(Duration.ofSeconds(30));
        auth.byApiKey(secret);
        assertThat(keys.touches()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(31));
        auth.byApiKey(secret);
        assertThat(keys.touches()).isEqualTo(2);
    }

    @Test
    void anUnknownOrMalformedKey_isRefused_andOnlyAPlausibleOneIsLookedUp() {
        AuthenticationService auth = service(false);
        assertThat(auth.byApiKey("tuco_sk_unknown")).isEmpty();
        assertThat(keys.credentialLookups()).isEqualTo(1);
        assertThat(auth.byApiKey(null)).isEmpty();
        assertThat(auth.byApiKey("sk_live_elsewhere")).isEmpty();
        assertThat(auth.byApiKey("tuco_" + "x".repeat(300))).isEmpty();
        assertThat(keys.credentialLookups()).isEqualTo(1);
    }

    @Test
    void aRevokedKey_isRefused() {
        String secret = key(Role.ADMIN);
        var id = keys.byId().keySet().iterator().next();
        keys.revoke(acme.id(), id, NOW);

        assertThat(service(false).byApiKey(secret)).isEmpty();
    }

    @Test
    void aCachedCredential_isReusedUntilTheCacheIsCleared_soARevocationTakesEffectThen() {
        String secret = key(Role.ADMIN);
        AuthenticationService auth = service(false);
        assertThat(auth.byApiKey(secret)).isPresent();
        keys.revoke(acme.id(), keys.byId().keySet().iterator().next(), NOW);

        assertThat(auth.byApiKey(secret)).as("served from the cache").isPresent();
        assertThat(keys.credentialLookups()).isEqualTo(1);
        credentials.clear();
        assertThat(auth.byApiKey(secret)).as("read again after the clear").isEmpty();
        assertThat(keys.credentialLookups()).isEqualTo(2);
    }

    // ---- Clerk -----------------------------------------------------------------------------------------------------------

    static ClerkIdentity identity(String user, String organization, String slug, boolean admin) {
        return new ClerkIdentity(user, organization, Optional.ofNullable(slug), admin);
    }

    @Test
    void aClerkAdminOfALinkedOrganisation_isAnAdminOfItsWorkspace_createdAsAUserOnce() {
        AuthenticationService auth = service(false);

        Caller caller = auth.byClerk(identity("user_1", "org_acme", null, true)).orElseThrow();
        auth.byClerk(identity("user_1", "org_acme", null, true));

        assertThat(caller.workspace().id()).isEqualTo(acme.id());
        assertThat(caller.role()).isEqualTo(Role.ADMIN);
        assertThat(caller.apiKeyId()).isEmpty();
        assertThat(caller.userId()).contains(users.byExternalId("user_1").orElseThrow().id());
        assertThat(users.upserts()).as("a user seen within the minute is not written again").isEqualTo(1);
    }

    @Test
    void aClerkUserWhoseRoleChanged_isWrittenAgainWithTheNewRole() {
        AuthenticationService auth = service(false);
        auth.byClerk(identity("user_2", "org_acme", null, true));

        Caller demoted = auth.byClerk(identity("user_2", "org_acme", null, false)).orElseThrow();

        assertThat(demoted.role()).isEqualTo(Role.MEMBER);
        assertThat(users.byExternalId("user_2").orElseThrow().role()).isEqualTo(Role.MEMBER);
        assertThat(users.rows()).hasSize(1);
    }

    @Test
    void withAutoProvisionOff_anUnknownOrganisationIsRefused_andNothingIsCreated() {
        assertThat(service(false).byClerk(identity("user_3", "org_unknown", "unknown-inc", true))).isEmpty();
        assertThat(workspaces.byId()).hasSize(1);
        assertThat(users.rows()).isEmpty();
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void anIdentityWithoutOrganisationOrUser_isRefused() {
        AuthenticationService auth = service(true);
        assertThat(auth.byClerk(new ClerkIdentity("user_4", null, Optional.empty(), true))).isEmpty();
        assertThat(auth.byClerk(new ClerkIdentity(null, "org_acme", Optional.empty(), true))).isEmpty();
        assertThat(workspaces.byId()).hasSize(1);
    }

    @Test
    void withAutoProvisionOn_theFirstTokenCreatesTheWorkspaceFromTheSlug_withItsAdmin_audited_once() {
        AuthenticationService auth = service(true);

        Caller founder = auth.byClerk(identity("user_5", "org_new", "new-co", true)).orElseThrow();
        Caller colleague = auth.byClerk(identity("user_6", "org_new", "new-co", false)).orElseThrow();

        Workspace created = founder.workspace();
        assertThat(created.name()).isEqualTo("new-co");
        assertThat(created.externalId()).contains("org_new");
        assertThat(created.status()).isEqualTo(WorkspaceStatus.ACTIVE);
        assertThat(created.createdAt()).isEqualTo(NOW);
        assertThat(founder.role()).isEqualTo(Role.ADMIN);
        assertThat(colleague.workspace().id()).isEqualTo(created.id());
        assertThat(colleague.role()).isEqualTo(Role.MEMBER);
        assertThat(workspaces.byId()).hasSize(2);
        assertThat(audit.entries()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("workspace.provision");
            assertThat(e.workspaceId()).contains(created.id());
            assertThat(e.actor().type()).isEqualTo("system");
            assertThat(e.detail()).containsEntry("clerkOrganizationId", "org_new").containsEntry("clerkUserId", "user_5");
        });
    }

    @Test
    void withAutoProvisionOn_anOrganisationWithoutSlug_isNamedByItsId() {
        Caller caller = service(true).byClerk(identity("user_7", "org_noslug", "  ", false)).orElseThrow();
        assertThat(caller.workspace().name()).isEqualTo("org_noslug");
        assertThat(caller.role()).isEqualTo(Role.MEMBER);
    }

    @Test
    void withAutoProvisionOn_losingARaceToAnotherNode_signsIntoTheWinnersWorkspace() {
        Workspace winner = new Workspace(new WorkspaceId("bbbbbbbbbbbbbbbbbbbbbbbb"), "winner", WorkspaceStatus.ACTIVE, "US",
                Optional.of("org_race"), NOW);
        FakeWorkspaces racing = new FakeWorkspaces();
        // the other node inserts between this node's lookup and its insert
        racing.afterNextLookupByOrganization(() -> racing.insert(winner));

        Caller caller = service(racing, true).byClerk(identity("user_8", "org_race", "race", true)).orElseThrow();

        assertThat(caller.workspace()).isEqualTo(winner);
        assertThat(racing.byId()).containsOnlyKeys(winner.id());
        assertThat(audit.entries()).isEmpty();
    }
}
