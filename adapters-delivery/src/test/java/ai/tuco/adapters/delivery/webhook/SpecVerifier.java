package ai.tuco.adapters.delivery.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's verifier written from the specification text only (tuco-compat.md, Webhooks; the Standard Webhooks
 * spec), sharing no code with {@link WebhookSignatures}: what a customer would write.
 */
final class SpecVerifier {
    private SpecVerifier() {}

    /** "X-Tuco-Signature (hex HMAC-SHA256 of the exact body bytes sent, keyed by the secret string as shown, whsec_ included)". */
    static boolean tucoValid(String secret, byte[] body, String header) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(body)) {
            hex.append(String.format(Locale.ROOT, "%02x", b & 0xff));
        }
        return MessageDigest.isEqual(hex.toString().getBytes(StandardCharsets.US_ASCII), header.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Standard Webhooks: signed content "{webhook-id}.{webhook-timestamp}.{body}", key = base64 decode of the secret
     * without its "whsec_" prefix, signature header = space-delimited list of "v1,{base64}"; valid if any matches.
     */
    static boolean standardValid(String secret, String id, String timestamp, byte[] body, String header) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.split("_", 2)[1]);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(body));
        for (String part : header.split(" ")) {
            String[] versioned = part.split(",", 2);
            if (versioned.length == 2 && versioned[0].equals("v1")
                    && MessageDigest.isEqual(versioned[1].getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }
}
