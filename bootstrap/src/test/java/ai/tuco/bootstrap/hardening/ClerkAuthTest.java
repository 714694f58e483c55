package ai.tuco.bootstrap.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase;
import ai.tuco.application.workspace.port.in.LinkOrganizationUseCase.LinkOrganizationCommand;
import ai.tuco.application.workspace.port.in.LinkOrganizationUseCase;
import ai.tuco.bootstrap.Config;
import ai.tuco.bootstrap.TestConfigs;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.bootstrap.Tuco;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.WorkspaceId;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clerk session tokens through the whole service: JWKS from a local HTTP server, workspace by organisation. A second
 * node on the same database runs with TUCO_CLERK_AUTO_PROVISION on.
 */
class ClerkAuthTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static MockWebServer jwks;
    static RSAKey signingKey;
    static Tuco tuco;
    static TestHttp http;
    static String workspaceId;
    static Tuco provisioning;
    static TestHttp provisioningHttp;

    @BeforeAll
    static void start() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("kid-1").generate();
        jwks = new MockWebServer();
        String jwksJson = new JWKSet(signingKey.toPublicJWK()).toString();
        jwks.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(jwksJson).build();
            }
        });
        jwks.start();
        tuco = Tuco.open(Config.from(TestConfigs.env(db, "TUCO_DISPATCH_ENABLED", "false",
                "TUCO_CLERK_JWKS_URL", jwks.url("/.well-known/jwks.json").toString(),
                "TUCO_CLERK_AUTHORIZED_PARTIES", "https://app.example.com")), Clock.systemUTC());
        workspaceId = tuco.get(CreateWorkspaceUseCase.class).create(new CreateWorkspaceUseCase.CreateWorkspaceCommand(
                "Clerk org", "US", Optional.of("org_123"), Actor.cli())).workspaceId().value();
        http = new TestHttp(tuco.startHttp().port());
        provisioning = Tuco.open(Config.from(TestConfigs.env(db, "TUCO_DISPATCH_ENABLED", "false",
                "TUCO_CLERK_JWKS_URL", jwks.url("/.well-known/jwks.json").toString(),
                "TUCO_CLERK_AUTHORIZED_PARTIES", "https://app.example.com", "TUCO_CLERK_AUTO_PROVISION", "true")), Clock.systemUTC());
        provisioningHttp = new TestHttp(provisioning.startHttp().port());
    }

    @AfterAll
    static void stop() throws Exception {
        provisioning.close();
        tuco.close();
        jwks.close();
    }

    private static String token(String sub, Map<String, Object> org, Instant exp, String azp) throws Exception {
        var claims = new JWTClaimsSet.Builder().subject(sub).expirationTime(Date.from(exp))
                .issueTime(Date.from(Instant.now())).claim("azp", azp);
        org.forEach(claims::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("kid-1").build(), claims.build());
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }

    private static TestHttp.Response get(String token) {
        return http.get("/api/messages", "Authorization", "Bearer " + token);
    }

    @Test
    void aValidV2Token_reachesItsOrganisationsWorkspace_andCreatesTheUserOnce() throws Exception {
        String t = token("user_abc", Map.of("o", Map.of("id", "org_123", "rol", "admin")), Instant.now().plusSeconds(60),
                "https://app.example.com");
        assertThat(get(t).status()).isEqualTo(200);
        assertThat(get(t).status()).isEqualTo(200);
        var users = db.jdbi().withHandle(h -> h.createQuery("SELECT workspace_id, role FROM users WHERE external_id = 'user_abc'")
                .mapToMap().list());
        assertThat(users).hasSize(1);
        assertThat(users.get(0)).containsEntry("workspace_id", workspaceId).containsEntry("role", "admin");
    }

    @Test
    void aV1MemberToken_mayReadButNotManageLines() throws Exception {
        String t = token("user_member", Map.of("org_id", "org_123", "org_role", "org:member"), Instant.now().plusSeconds(60),
                "https://app.example.com");
        assertThat(get(t).status()).isEqualTo(200);
        var refused = http.post("/api/lines", "{\"channels\": [\"sms\"], \"provider\": \"sandbox\", \"phone\": \"+14155550100\"}",
                "Authorization", "Bearer " + t);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("code").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void expiredWrongPartyOrUnknownOrganisation_are401() throws Exception {
        String expired = token("u", Map.of("o", Map.of("id", "org_123", "rol", "admin")), Instant.now().minusSeconds(60),
                "https://app.example.com");
        String wrongParty = token("u", Map.of("o", Map.of("id", "org_123", "rol", "admin")), Instant.now().plusSeconds(60),
                "https://evil.example.com");
        String unknownOrg = token("u", Map.of("o", Map.of("id", "org_nobody", "rol", "admin")), Instant.now().plusSeconds(60),
                "https://app.example.com");
        String noOrg = token("u", Map.of(), Instant.now().plusSeconds(60), "https://app.example.com");
        for (String t : new String[] {expired, wrongParty, unknownOrg, noOrg, "not.a.jwt"}) {
            var r = get(t);
            assertThat(r.status()).as(t).isEqualTo(401);
            assertThat(r.json().get("code").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }

    @Test
    void aTokenWorksWhileItsOrganisationIsLinked_andIs401OnceUnlinked() throws Exception {
        String ws = tuco.get(CreateWorkspaceUseCase.class).create(new CreateWorkspaceUseCase.CreateWorkspaceCommand(
                "Linked later", "US", Optional.empty(), Actor.cli())).workspaceId().value();
        String t = token("user_linked", Map.of("o", Map.of("id", "org_later", "rol", "admin")), Instant.now().plusSeconds(60),
                "https://app.example.com");
        assertThat(get(t).status()).as("not linked yet").isEqualTo(401);
        LinkOrganizationUseCase link = tuco.get(LinkOrganizationUseCase.class);
        link.link(new LinkOrganizationCommand(new WorkspaceId(ws), Optional.of("org_later"), Actor.cli()));
        assertThat(get(t).status()).as("linked").isEqualTo(200);
        link.link(new LinkOrganizationCommand(new WorkspaceId(ws), Optional.empty(), Actor.cli()));
        var r = get(t);
        assertThat(r.status()).as("unlinked").isEqualTo(401);
        assertThat(r.json().get("code").asText()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void withAutoProvisionOff_anUnknownOrganisationCreatesNothing() throws Exception {
        String t = token("user_off", Map.of("o", Map.of("id", "org_off", "rol", "admin", "slg", "off-inc")),
                Instant.now().plusSeconds(60), "https://app.example.com");
        assertThat(get(t).status()).isEqualTo(401);
        assertThat(db.count("SELECT count(*) FROM workspaces WHERE external_id = 'org_off'")).isZero();
    }

    @Test
    void withAutoProvisionOn_theFirstTokenOfAnOrganisationCreatesItsWorkspaceOnce_namedFromTheSlug() throws Exception {
        String t = token("user_founder", Map.of("o", Map.of("id", "org_new1", "rol", "admin", "slg", "acme-inc")),
                Instant.now().plusSeconds(60), "https://app.example.com");
        assertThat(provisioningHttp.get("/api/messages", "Authorization", "Bearer " + t).status()).isEqualTo(200);
        var workspaces = db.rows("SELECT id, name, status FROM workspaces WHERE external_id = 'org_new1'");
        assertThat(workspaces).singleElement().satisfies(w -> assertThat(w).containsEntry("name", "acme-inc")
                .containsEntry("status", "active"));
        String ws = workspaces.get(0).get("id").toString();
        assertThat(db.row("SELECT workspace_id, role FROM users WHERE external_id = 'user_founder'"))
                .containsEntry("workspace_id", ws).containsEntry("role", "admin");
        assertThat(db.rows("SELECT actor_type, detail::text AS detail FROM audit_log WHERE workspace_id = ? AND action = 'workspace.provision'", ws))
                .singleElement().satisfies(a -> {
                    assertThat(a.get("actor_type")).isEqualTo("system");
                    assertThat(a.get("detail").toString()).contains("org_new1").contains("user_founder");
                });

        String member = token("user_member2", Map.of("org_id", "org_new1", "org_role", "org:member"),
                Instant.now().plusSeconds(60), "https://app.example.com");
        assertThat(provisioningHttp.get("/api/messages", "Authorization", "Bearer " + member).status()).isEqualTo(200);
        assertThat(db.count("SELECT count(*) FROM workspaces WHERE external_id = 'org_new1'")).isEqualTo(1);
        assertThat(db.row("SELECT workspace_id, role FROM users WHERE external_id = 'user_member2'"))
                .containsEntry("workspace_id", ws).containsEntry("role", "member");
        assertThat(get(t).status()).as("the other node finds the provisioned workspace too").isEqualTo(200);
    }

    @Test
    void withAutoProvisionOn_aMemberTokenWithoutSlugNamesTheWorkspaceByItsId_andBadTokensStay401() throws Exception {
        String t = token("user_m", Map.of("org_id", "org_noslug", "org_role", "org:member"), Instant.now().plusSeconds(60),
                "https://app.example.com");
        assertThat(provisioningHttp.get("/api/messages", "Authorization", "Bearer " + t).status()).isEqualTo(200);
        assertThat(db.strings("SELECT name FROM workspaces WHERE external_id = 'org_noslug'")).containsExactly("org_noslug");
        assertThat(db.strings("SELECT role FROM users WHERE external_id = 'user_m'")).containsExactly("member");
        var refused = provisioningHttp.post("/api/lines", "{\"channels\": [\"sms\"], \"provider\": \"sandbox\", \"phone\": \"+14155550100\"}",
                "Authorization", "Bearer " + t);
        assertThat(refused.status()).as("a member of a provisioned workspace is no admin").isEqualTo(403);

        String expired = token("u", Map.of("o", Map.of("id", "org_expired", "rol", "admin")), Instant.now().minusSeconds(60),
                "https://app.example.com");
        String noOrg = token("u", Map.of(), Instant.now().plusSeconds(60), "https://app.example.com");
        for (String bad : new String[] {expired, noOrg}) {
            assertThat(provisioningHttp.get("/api/messages", "Authorization", "Bearer " + bad).status()).isEqualTo(401);
        }
        assertThat(db.count("SELECT count(*) FROM workspaces WHERE external_id = 'org_expired'")).isZero();
    }
}
