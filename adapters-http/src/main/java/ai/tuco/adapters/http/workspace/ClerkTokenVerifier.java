package ai.tuco.adapters.http.workspace;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies Clerk session tokens (RS256 JWTs) against Clerk's JWKS endpoint and/or its PEM "JWT public key".
 *
 * <p>Only RS256 is accepted; {@code exp} is required and {@code exp}/{@code nbf} are checked against the
 * injected clock with {@value #SKEW_SECONDS} s of skew; {@code azp} must be an authorized party when any are
 * configured. The JWKS is fetched lazily and cached; a token whose {@code kid} is not in the cache triggers
 * a refetch, but fetches (successful or not) happen at most once per {@link #MIN_REFETCH_INTERVAL}.
 * Thread-safe.
 */
public final class ClerkTokenVerifier {
    static final long SKEW_SECONDS = 5;
    static final Duration MIN_REFETCH_INTERVAL = Duration.ofMinutes(1);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(3);
    private static final Logger LOG = LoggerFactory.getLogger(ClerkTokenVerifier.class);

    private final URI jwksUrl;
    private final RSAPublicKey pemKey;
    private final List<String> authorizedParties;
    private final Clock clock;
    private final HttpClient http;
    private final Object fetchLock = new Object();
    private volatile JWKSet jwks = new JWKSet();
    private Instant lastFetch; // guarded by fetchLock

    /**
     * @param jwksUrl Clerk's JWKS endpoint, e.g. {@code https://<frontend-api>/.well-known/jwks.json}
     * @param pemPublicKey Clerk's "JWT public key" ({@code -----BEGIN PUBLIC KEY-----}); blank counts as absent
     * @param authorizedParties accepted {@code azp} values; empty means {@code azp} is not checked
     * @throws IllegalArgumentException when neither key source is given or the PEM is not an RSA public key
     */
    public ClerkTokenVerifier(Optional<URI> jwksUrl, Optional<String> pemPublicKey,
                              List<String> authorizedParties, Clock clock) {
        if (!isConfigured(jwksUrl, pemPublicKey)) {
            throw new IllegalArgumentException("Clerk verification needs a JWKS URL or a PEM public key");
        }
        this.jwksUrl = jwksUrl.orElse(null);
        this.pemKey = pemPublicKey.filter(pem -> !pem.isBlank()).map(ClerkTokenVerifier::parsePem).orElse(null);
        this.authorizedParties = List.copyOf(authorizedParties);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = this.jwksUrl == null ? null : HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    }

    /** True when at least one key source is present, i.e. the constructor would accept these settings. */
    public static boolean isConfigured(Optional<URI> jwksUrl, Optional<String> pemPublicKey) {
        return jwksUrl.isPresent() || pemPublicKey.filter(pem -> !pem.isBlank()).isPresent();
    }

    /** The token's identity, or empty when the token is invalid for any reason; never throws on bad input. */
    public Optional<ClerkClaims> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
                return reject("algorithm " + jwt.getHeader().getAlgorithm());
            }
            if (!signatureValid(jwt)) {
                return reject("signature or key id");
            }
            return claimsOf(jwt.getJWTClaimsSet());
        } catch (ParseException | JOSEException | RuntimeException e) {
            return reject(e.getClass().getSimpleName());
        }
    }

    private boolean signatureValid(SignedJWT jwt) throws JOSEException {
        if (pemKey != null && jwt.verify(new RSASSAVerifier(pemKey))) {
            return true;
        }
        String kid = jwt.getHeader().getKeyID();
        if (jwksUrl == null || kid == null) {
            return false;
        }
        Optional<RSAKey> key = jwksKey(kid);
        return key.isPresent() && jwt.verify(new RSASSAVerifier(key.get()));
    }

    private Optional<ClerkClaims> claimsOf(JWTClaimsSet claims) throws ParseException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || !now.isBefore(exp.toInstant().plusSeconds(SKEW_SECONDS))) {
            return reject("expired or no exp");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plusSeconds(SKEW_SECONDS).isBefore(nbf.toInstant())) {
            return reject("not yet valid");
        }
        if (!authorizedParties.isEmpty() && !authorizedParties.contains(claims.getStringClaim("azp"))) {
            return reject("azp not authorized");
        }
        String sub = claims.getSubject();
        if (sub == null || sub.isBlank()) {
            return reject("no sub");
        }
        Map<String, Object> org = claims.getJSONObjectClaim("o");
        if (org != null) {
            return Optional.of(new ClerkClaims(sub, string(org.get("id")), string(org.get("rol")), string(org.get("slg"))));
        }
        return Optional.of(new ClerkClaims(sub,
                Optional.ofNullable(claims.getStringClaim("org_id")),
                Optional.ofNullable(claims.getStringClaim("org_role")),
                Optional.ofNullable(claims.getStringClaim("org_slug"))));
    }

    private Optional<RSAKey> jwksKey(String kid) {
        Optional<RSAKey> cached = select(jwks, kid);
        if (cached.isPresent()) {
            return cached;
        }
        synchronized (fetchLock) {
            cached = select(jwks, kid);
            Instant now = clock.instant();
            if (cached.isPresent() || lastFetch != null && now.isBefore(lastFetch.plus(MIN_REFETCH_INTERVAL))) {
                return cached;
            }
            lastFetch = now;
            fetchJwks().ifPresent(fetched -> jwks = fetched);
            return select(jwks, kid);
        }
    }

    private Optional<JWKSet> fetchJwks() {
        HttpRequest request = HttpRequest.newBuilder(jwksUrl).timeout(HTTP_TIMEOUT)
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warn("Clerk JWKS fetch from {} answered HTTP {}", jwksUrl, response.statusCode());
                return Optional.empty();
            }
            return Optional.of(JWKSet.parse(response.body()));
        } catch (IOException | ParseException e) {
            LOG.warn("Clerk JWKS fetch from {} failed: {}", jwksUrl, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<RSAKey> select(JWKSet set, String kid) {
        JWKMatcher matcher = new JWKMatcher.Builder().keyType(KeyType.RSA).keyID(kid)
                .keyUses(KeyUse.SIGNATURE, null).algorithms(JWSAlgorithm.RS256, null).build();
        List<JWK> keys = new JWKSelector(matcher).select(set);
        return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(0).toRSAKey());
    }

    private static Optional<String> string(Object value) {
        return value instanceof String s ? Optional.of(s) : Optional.empty();
    }

    private static Optional<ClerkClaims> reject(String reason) {
        LOG.debug("Clerk token rejected: {}", reason);
        return Optional.empty();
    }

    private static RSAPublicKey parsePem(String pem) {
        String base64 = pem.replace("\\n", "")
                .replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Clerk PEM public key is not an RSA public key", e);
        }
    }
}
