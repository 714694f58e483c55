package ai.tuco.adapters.http.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.domain.testing.MutableClock;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Clerk session token verification against a real local JWKS endpoint and a mutable clock. */
class ClerkTokenVerifierTest {
    static final String APP = "https://app.tuco.ai";
    static RSAKey key1;
    static RSAKey key2;
    static RSAKey impostor;

    final MutableClock clock = new MutableClock(Instant.parse("2021-06-01T12:00:00Z"));
    final AtomicReference<String> served = new AtomicReference<>();
    MockWebServer server;

    @BeforeAll
    static void keys() throws Exception {
        key1 = new RSAKeyGenerator(2048).keyID("ins_key1").generate();
        key2 = new RSAKeyGenerator(2048).keyID("ins_key2").generate();
        impostor = new RSAKeyGenerator(2048).keyID("ins_key1").generate();
    }

    @BeforeEach
    void startJwks() throws Exception {
        serve(key1);
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200)
                        .addHeader("Content-Type", "application/json").body(served.get()).build();
            }
        });
        server.start();
    }

    @AfterEach
    void stopJwks() {
        server.close();
    }

    @Test
    void acceptsV2Token() throws Exception {
        var claims = jwksVerifier(List.of(APP)).verify(sign(key1, claims().build()));

        assertThat(claims).contains(new ClerkClaims("user_1", Optional.of("org_1"), Optional.of("admin"), Optional.of("acme")));
        assertThat(claims.get().isOrganizationAdmin()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void acceptsV1Token() throws Exception {
        var token = sign(key1, claims().claim("o", null).claim("org_id", "org_9").claim("org_role", "org:member").build());

        var claims = jwksVerifier(List.of(APP)).verify(token);

        assertThat(claims).contains(new ClerkClaims("user_1", Optional.of("org_9"), Optional.of("org:member")));
        assertThat(claims.get().isOrganizationAdmin()).isFalse();
    }

    @Test
    void v1TokenCarriesItsOrganisationSlug() throws Exception {
        var token = sign(key1, claims().claim("o", null).claim("org_id", "org_9").claim("org_slug", "nine").build());

        assertThat(jwksVerifier(List.of(APP)).verify(token)).hasValueSatisfying(
                c -> assertThat(c.organizationSlug()).contains("nine"));
    }

    @Test
    void tokenWithoutOrganisationKeepsOrganisationEmpty() throws Exception {
        var token = sign(key1, claims().claim("o", null).build());

        assertThat(jwksVerifier(List.of()).verify(token))
                .contains(new ClerkClaims("user_1", Optional.empty(), Optional.empty()));
    }

    @Test
    void rejectsExpiredToken() throws Exception {
        var token = sign(key1, claims().expirationTime(at(-6)).build());

        assertThat(jwksVerifier(List.of()).verify(token)).isEmpty();
    }

    @Test
    void acceptsTokenExpiredWithinSkew() throws Exception {
        var token = sign(key1, claims().expirationTime(at(-4)).build());

        assertThat(jwksVerifier(List.of()).verify(token)).isPresent();
    }

    @Test
    void rejectsTokenWithoutExpiry() throws Exception {
        var token = sign(key1, claims().expirationTime(null).build());

        assertThat(jwksVerifier(List.of()).verify(token)).isEmpty();
    }

    @Test
    void notBeforeIsCheckedWithSkew() throws Exception {
        var verifier = jwksVerifier(List.of());

        assertThat(verifier.verify(sign(key1, claims().notBeforeTime(at(10)).build()))).isEmpty();
        assertThat(verifier.verify(sign(key1, claims().notBeforeTime(at(4)).build()))).isPresent();
    }

    @Test
    void rejectsTokenWithoutSubject() throws Exception {
        assertThat(jwksVerifier(List.of()).verify(sign(key1, claims().subject(null).build()))).isEmpty();
    }

    @Test
    void rejectsWrongOrMissingAzpWhenPartiesConfigured() throws Exception {
        var verifier = jwksVerifier(List.of(APP, "http://localhost:3000"));

        assertThat(verifier.verify(sign(key1, claims().claim("azp", "https://evil.example").build()))).isEmpty();
        assertThat(verifier.verify(sign(key1, claims().claim("azp", null).build()))).isEmpty();
        assertThat(verifier.verify(sign(key1, claims().claim("azp", "http://localhost:3000").build()))).isPresent();
    }

    @Test
    void azpIsNotCheckedWhenNoPartiesConfigured() throws Exception {
        var verifier = jwksVerifier(List.of());

        assertThat(verifier.verify(sign(key1, claims().claim("azp", "https://elsewhere.example").build()))).isPresent();
        assertThat(verifier.verify(sign(key1, claims().claim("azp", null).build()))).isPresent();
    }

    @Test
    void unknownKidAfterRotationIsFetchedOnce() throws Exception {
        var verifier = jwksVerifier(List.of());
        assertThat(verifier.verify(sign(key1, claims().build()))).isPresent();

        serve(key2);
        clock.advance(Duration.ofSeconds(61));

        assertThat(verifier.verify(sign(key2, claims().build()))).isPresent();
        assertThat(verifier.verify(sign(key2, claims().build()))).isPresent();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void unknownKidRefetchesAtMostOncePerMinute() throws Exception {
        var verifier = jwksVerifier(List.of());
        assertThat(verifier.verify(sign(key1, claims().build()))).isPresent();
        assertThat(server.getRequestCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(61));
        assertThat(verifier.verify(signWithKid(key1, "random-1"))).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(30));
        assertThat(verifier.verify(signWithKid(key1, "random-2"))).isEmpty();
        assertThat(verifier.verify(signWithKid(key1, "random-3"))).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(31));
        assertThat(verifier.verify(signWithKid(key1, "random-4"))).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void concurrentUnknownKidsCauseASingleFetch() throws Exception {
        var verifier = jwksVerifier(List.of());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<ClerkClaims>>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String token = signWithKid(key1, "random-" + i);
                results.add(pool.submit(() -> verifier.verify(token)));
            }
            for (var result : results) {
                assertThat(result.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void rejectsUnsignedToken() throws Exception {
        var token = new PlainJWT(claims().build()).serialize();

        assertThat(jwksVerifier(List.of()).verify(token)).isEmpty();
        assertThat(pemVerifier(key1).verify(token)).isEmpty();
    }

    @Test
    void rejectsHs256SignedWithThePublicKey() throws Exception {
        byte[] der = key1.toRSAPublicKey().getEncoded();
        byte[] pemText = pem(key1).getBytes(StandardCharsets.US_ASCII);

        for (byte[] secret : List.of(der, pemText)) {
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("ins_key1").build(), claims().build());
            jwt.sign(new MACSigner(secret));

            assertThat(jwksVerifier(List.of()).verify(jwt.serialize())).isEmpty();
            assertThat(pemVerifier(key1).verify(jwt.serialize())).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS384", "RS512", "PS256"})
    void rejectsOtherRsaAlgorithmsWithTheRightKey(String alg) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(alg)).keyID("ins_key1").build(), claims().build());
        jwt.sign(new RSASSASigner(key1));

        assertThat(jwksVerifier(List.of()).verify(jwt.serialize())).isEmpty();
        assertThat(pemVerifier(key1).verify(jwt.serialize())).isEmpty();
    }

    @Test
    void rejectsTokenSignedByAnotherKeyWithTheSameKid() throws Exception {
        var verifier = jwksVerifier(List.of());

        assertThat(verifier.verify(sign(impostor, claims().build()))).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void rejectsEncryptedToken() throws Exception {
        var jwe = new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM), claims().build());
        jwe.encrypt(new RSAEncrypter(key1));

        assertThat(jwksVerifier(List.of()).verify(jwe.serialize())).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "a.b.c", "\"a json string\"", "{\"alg\":\"RS256\"}", " ", "a.b.c.d.e",
            "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA", "eyJhbGciOiJSUzI1NiJ9.!!!.???"})
    void rejectsGarbage(String token) {
        assertThat(jwksVerifier(List.of()).verify(token)).isEmpty();
        assertThat(pemVerifier(key1).verify(token)).isEmpty();
    }

    @Test
    void unreachableOrFailingJwksRejectsWithoutThrowing() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(500).body("oops").build();
            }
        });
        assertThat(jwksVerifier(List.of()).verify(sign(key1, claims().build()))).isEmpty();

        URI url = server.url("/.well-known/jwks.json").uri();
        server.close();
        var verifier = new ClerkTokenVerifier(Optional.of(url), Optional.empty(), List.of(), clock);
        assertThat(verifier.verify(sign(key1, claims().build()))).isEmpty();
    }

    @Test
    void pemVerifierAcceptsMatchingKeyOnly() throws Exception {
        var verifier = pemVerifier(key1);

        assertThat(verifier.verify(sign(key1, claims().build())))
                .contains(new ClerkClaims("user_1", Optional.of("org_1"), Optional.of("admin"), Optional.of("acme")));
        assertThat(verifier.verify(sign(impostor, claims().build()))).isEmpty();
        assertThat(verifier.verify(sign(key2, claims().build()))).isEmpty();
    }

    @Test
    void pemWithEscapedNewlinesIsAccepted() throws Exception {
        var verifier = new ClerkTokenVerifier(Optional.empty(), Optional.of(pem(key1).replace("\n", "\\n")),
                List.of(), clock);

        assertThat(verifier.verify(sign(key1, claims().build()))).isPresent();
    }

    @Test
    void needsAKeySource() {
        assertThat(ClerkTokenVerifier.isConfigured(Optional.empty(), Optional.of("  "))).isFalse();
        assertThat(ClerkTokenVerifier.isConfigured(Optional.empty(), Optional.of(pem(key1)))).isTrue();
        assertThatThrownBy(() -> new ClerkTokenVerifier(Optional.empty(), Optional.empty(), List.of(), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClerkTokenVerifier(Optional.empty(), Optional.of("-----BEGIN PUBLIC KEY-----xyz"),
                List.of(), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    ClerkTokenVerifier jwksVerifier(List<String> parties) {
        return new ClerkTokenVerifier(Optional.of(server.url("/.well-known/jwks.json").uri()), Optional.empty(),
                parties, clock);
    }

    ClerkTokenVerifier pemVerifier(RSAKey key) {
        return new ClerkTokenVerifier(Optional.empty(), Optional.of(pem(key)), List.of(), clock);
    }

    void serve(RSAKey key) {
        served.set(new JWKSet(key.toPublicJWK()).toString());
    }

    JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .subject("user_1")
                .issuer("https://clerk.tuco.ai")
                .issueTime(at(-1))
                .notBeforeTime(at(-1))
                .expirationTime(at(60))
                .claim("azp", APP)
                .claim("v", 2)
                .claim("o", Map.of("id", "org_1", "rol", "admin", "slg", "acme"));
    }

    Date at(long secondsFromNow) {
        return Date.from(clock.instant().plusSeconds(secondsFromNow));
    }

    static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    String signWithKid(RSAKey key, String kid) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims().build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static String pem(RSAKey key) {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.toRSAPublicKey().getEncoded());
            return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
