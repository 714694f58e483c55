package ai.tuco.adapters.delivery.webhook;

import ai.tuco.application.webhook.port.out.SigningSecrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The headers that sign one attempt, in both families. {@code X-Tuco-Signature}: hex HMAC-SHA256 of the exact body
 * bytes, keyed by the secret string as shown ({@code whsec_} included), by the current secret. Standard Webhooks:
 * {@code webhook-signature} = {@code v1,} + base64 HMAC-SHA256 of {@code id.timestamp.body}, keyed by the base64-decoded
 * part after {@code whsec_}; during a rotation one signature per secret, space-separated, the current one first.
 */
public final class WebhookSignatures {
    private static final String PREFIX = "whsec_";

    private WebhookSignatures() {}

    /** @param timestamp unix seconds, the same in both families */
    public static Map<String, String> headers(String webhookId, String event, long timestamp, byte[] body, SigningSecrets secrets) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Tuco-Event", event);
        h.put("X-Tuco-Timestamp", Long.toString(timestamp));
        h.put("X-Tuco-Signature", HexFormat.of().formatHex(hmac(secrets.current().getBytes(StandardCharsets.UTF_8), body)));
        h.put("webhook-id", webhookId);
        h.put("webhook-timestamp", Long.toString(timestamp));
        List<String> signatures = new ArrayList<>(2);
        signatures.add(standard(secrets.current(), webhookId, timestamp, body));
        secrets.previous().ifPresent(p -> signatures.add(standard(p, webhookId, timestamp, body)));
        h.put("webhook-signature", String.join(" ", signatures));
        return h;
    }

    private static String standard(String secret, String webhookId, long timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
        byte[] prefix = (webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, content));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
