package ai.tuco.adapters.persistence.shared;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for secrets at rest (provider credentials). Each value gets a fresh 12-byte nonce, stored in front
 * of the ciphertext; the id of the key that sealed it is stored beside it, so keys can be rotated: values sealed
 * with an older key stay readable while new ones use the current key.
 */
public final class SecretBox {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keys;
    /** Set on a box without keys: what sealing or opening throws instead. */
    private final Supplier<? extends RuntimeException> unavailable;

    /** A value as stored: the sealing key's id and nonce || ciphertext || tag. */
    public record Sealed(String keyId, byte[] bytes) {}

    /** @param current 32 bytes; older keys may be added for values sealed before a rotation */
    public SecretBox(byte[] current, byte[]... older) {
        this.currentKeyId = keyId(current);
        var map = new java.util.HashMap<String, SecretKeySpec>();
        map.put(currentKeyId, spec(current));
        for (byte[] k : older) {
            map.put(keyId(k), spec(k));
        }
        this.keys = Map.copyOf(map);
        this.unavailable = null;
    }

    private SecretBox(Supplier<? extends RuntimeException> unavailable) {
        this.currentKeyId = null;
        this.keys = Map.of();
        this.unavailable = unavailable;
    }

    /** A box for a process that was given no key (a CLI command that seals nothing): using it throws {@code failure}. */
    public static SecretBox unavailable(Supplier<? extends RuntimeException> failure) {
        return new SecretBox(java.util.Objects.requireNonNull(failure, "failure"));
    }

    private static SecretKeySpec spec(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("secret key must be 32 bytes, got " + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }

    /** A short public fingerprint of a key (never the key). */
    public static String keyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "k" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A deterministic, unguessable token for {@code data}: base64url (no padding) of HMAC-SHA256 keyed by a key derived
     * from the key {@code keyId} names (the current key when it is unknown) for {@code purpose}, never the key itself.
     */
    public String token(String keyId, String purpose, String data) {
        if (unavailable != null) {
            throw unavailable.get();
        }
        SecretKeySpec key = keys.getOrDefault(keyId == null ? currentKeyId : keyId, keys.get(currentKeyId));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            byte[] derived = mac.doFinal(("tuco/" + purpose).getBytes(StandardCharsets.UTF_8));
            mac.init(new SecretKeySpec(derived, "HmacSHA256"));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("token derivation failed", e);
        }
    }

    public Sealed seal(String plaintext) {
        if (unavailable != null) {
            throw unavailable.get();
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(currentKeyId.getBytes(StandardCharsets.UTF_8));
            byte[] ct = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + ct.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
            return new Sealed(currentKeyId, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String open(Sealed sealed) {
        if (unavailable != null) {
            throw unavailable.get();
        }
        SecretKeySpec key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("no key " + sealed.keyId() + " to decrypt with; was TUCO_SECRET_KEY rotated without keeping the old key?");
        }
        if (sealed.bytes() == null || sealed.bytes().length < NONCE_BYTES + TAG_BYTES) {
            throw new IllegalStateException("decryption failed: the value is too short to be sealed");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed.bytes(), 0, NONCE_BYTES));
            cipher.updateAAD(sealed.keyId().getBytes(StandardCharsets.UTF_8));
            byte[] pt = cipher.doFinal(sealed.bytes(), NONCE_BYTES, sealed.bytes().length - NONCE_BYTES);
            return new String(pt, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed: wrong key or tampered value", e);
        }
    }
}
