package ai.tuco.application.workspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Makes API key secrets and the SHA-256 digests they are stored and looked up by. */
public final class ApiKeySecrets {
    public static final String PREFIX = "tuco_sk_";
    private static final int PREFIX_SHOWN = PREFIX.length() + 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {}

    public static String newSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The part of a secret that may be shown again, so people can tell keys apart. */
    public static String shownPrefix(String secret) {
        return secret.substring(0, Math.min(PREFIX_SHOWN, secret.length()));
    }

    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
