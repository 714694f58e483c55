package ai.tuco.adapters.http.reply;

import ai.tuco.application.reply.port.out.UnsubscribeTokens;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.ObjectIds;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens {@code {messageId}.{signature}}: the signature is the first 16 bytes of HMAC-SHA256 over
 * {@code "unsubscribe:" + messageId}, base64url without padding, under a key derived from {@code TUCO_SECRET_KEY}
 * (HMAC-SHA256 of the label {@value #LABEL} keyed by it), so a link shows nothing of the key and the key encrypting
 * provider credentials is never used for anything else directly. Verification recomputes the signature and compares in
 * constant time. Rotating {@code TUCO_SECRET_KEY} invalidates the links of emails already sent.
 */
public final class HmacUnsubscribeTokens implements UnsubscribeTokens {
    static final String LABEL = "tuco unsubscribe links v1";
    private static final int SIGNATURE_CHARS = 22;

    private final Supplier<byte[]> masterKey;
    private volatile byte[] key;

    /** @param masterKey TUCO_SECRET_KEY's bytes, read when the first token is made or checked */
    public HmacUnsubscribeTokens(Supplier<byte[]> masterKey) {
        this.masterKey = masterKey;
    }

    @Override
    public String tokenFor(MessageId messageId) {
        return messageId.value() + "." + signature(messageId.value());
    }

    @Override
    public Optional<MessageId> verify(String token) {
        if (token == null || token.length() != 24 + 1 + SIGNATURE_CHARS || token.charAt(24) != '.') {
            return Optional.empty();
        }
        String id = token.substring(0, 24);
        if (!ObjectIds.isValid(id)) {
            return Optional.empty();
        }
        byte[] expected = signature(id).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(25).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Optional.of(new MessageId(id)) : Optional.empty();
    }

    private String signature(String messageId) {
        byte[] mac = hmac(key(), "unsubscribe:" + messageId);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac, 16));
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            k = hmac(masterKey.get(), LABEL);
            key = k;
        }
        return k;
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
