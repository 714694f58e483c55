package ai.tuco.adapters.persistence.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** AES-256-GCM sealing of secrets at rest: round trip, fresh nonces, key ids, rotation and tamper refusal. */
class SecretBoxTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE = 12;
    private static final int TAG = 16;

    private static byte[] key() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void a_sealed_value_opens_to_the_same_text() {
        SecretBox box = new SecretBox(key());
        for (String plain : new String[] {"{\"authToken\":\"abc\"}", "", "ünïcødé ✓ 🔐", "x".repeat(10_000)}) {
            assertThat(box.open(box.seal(plain))).isEqualTo(plain);
        }
    }

    @Test
    void the_sealed_bytes_are_nonce_ciphertext_and_tag_and_never_hold_the_plaintext() {
        SecretBox box = new SecretBox(key());
        String plain = "{\"password\":\"hunter2-very-secret\"}";
        SecretBox.Sealed sealed = box.seal(plain);
        byte[] plainBytes = plain.getBytes(StandardCharsets.UTF_8);
        assertThat(sealed.bytes()).hasSize(NONCE + plainBytes.length + TAG);
        assertThat(contains(sealed.bytes(), "hunter2-very-secret".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(contains(sealed.bytes(), "password".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void the_same_plaintext_sealed_twice_gets_a_fresh_nonce_and_different_bytes() {
        SecretBox box = new SecretBox(key());
        Set<String> nonces = new HashSet<>();
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            SecretBox.Sealed sealed = box.seal("same secret");
            nonces.add(HexFormat.of().formatHex(sealed.bytes(), 0, NONCE));
            values.add(HexFormat.of().formatHex(sealed.bytes()));
            assertThat(box.open(sealed)).isEqualTo("same secret");
        }
        assertThat(nonces).hasSize(200);
        assertThat(values).hasSize(200);
    }

    @Test
    void the_key_id_is_stored_beside_the_value_is_stable_per_key_and_does_not_reveal_the_key() {
        byte[] k = key();
        SecretBox box = new SecretBox(k);
        String id = box.seal("a").keyId();
        assertThat(id).isNotBlank().hasSizeLessThanOrEqualTo(32);
        assertThat(box.seal("b").keyId()).isEqualTo(id);
        assertThat(new SecretBox(k.clone()).seal("c").keyId()).isEqualTo(id);
        assertThat(new SecretBox(key()).seal("a").keyId()).isNotEqualTo(id);
        assertThat(id).doesNotContain(HexFormat.of().formatHex(k, 0, 4))
                .doesNotContain(Base64.getEncoder().encodeToString(k).substring(0, 6));
    }

    @Test
    void after_a_rotation_values_sealed_with_the_old_key_still_open_and_new_ones_use_the_new_key() {
        byte[] oldKey = key();
        byte[] newKey = key();
        SecretBox before = new SecretBox(oldKey);
        SecretBox.Sealed old = before.seal("sealed before the rotation");

        SecretBox after = new SecretBox(newKey, oldKey);
        assertThat(after.open(old)).isEqualTo("sealed before the rotation");
        SecretBox.Sealed fresh = after.seal("sealed after the rotation");
        assertThat(fresh.keyId()).isNotEqualTo(old.keyId()).isEqualTo(new SecretBox(newKey).seal("x").keyId());
        assertThat(new SecretBox(newKey).open(fresh)).isEqualTo("sealed after the rotation");
        // the old key alone cannot open what the new one sealed, nor the new key alone what the old one sealed
        assertThatThrownBy(() -> before.open(fresh)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretBox(newKey).open(old)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(old.keyId());
    }

    @Test
    void a_value_with_any_byte_flipped_is_refused() {
        SecretBox box = new SecretBox(key());
        SecretBox.Sealed sealed = box.seal("do not touch");
        for (int i = 0; i < sealed.bytes().length; i++) {
            byte[] tampered = sealed.bytes().clone();
            tampered[i] ^= 0x01;
            int at = i;
            assertThatThrownBy(() -> box.open(new SecretBox.Sealed(sealed.keyId(), tampered)))
                    .as("byte %d flipped", at)
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void a_truncated_extended_or_empty_value_is_refused() {
        SecretBox box = new SecretBox(key());
        SecretBox.Sealed sealed = box.seal("do not touch");
        byte[] b = sealed.bytes();
        for (byte[] broken : new byte[][] {
                Arrays.copyOf(b, b.length - 1), Arrays.copyOf(b, b.length + 1), Arrays.copyOf(b, NONCE + TAG - 1),
                Arrays.copyOf(b, NONCE), Arrays.copyOf(b, 5), new byte[0]}) {
            assertThatThrownBy(() -> box.open(new SecretBox.Sealed(sealed.keyId(), broken)))
                    .as("%d bytes", broken.length)
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void a_value_relabelled_with_another_known_key_id_is_refused() {
        byte[] a = key();
        byte[] b = key();
        SecretBox box = new SecretBox(a, b);
        SecretBox.Sealed sealed = box.seal("label matters");
        String otherId = new SecretBox(b).seal("x").keyId();
        assertThatThrownBy(() -> box.open(new SecretBox.Sealed(otherId, sealed.bytes()))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.open(new SecretBox.Sealed("k00000000", sealed.bytes()))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keys_must_be_32_bytes() {
        assertThatThrownBy(() -> new SecretBox(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecretBox(key(), new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBoxWithoutKeys_throwsTheGivenFailureOnSealAndOpen() {
        SecretBox none = SecretBox.unavailable(() -> new IllegalStateException("TUCO_SECRET_KEY: is required"));
        SecretBox.Sealed sealed = new SecretBox(new byte[32]).seal("x");

        assertThatThrownBy(() -> none.seal("x")).isInstanceOf(IllegalStateException.class).hasMessage("TUCO_SECRET_KEY: is required");
        assertThatThrownBy(() -> none.open(sealed)).isInstanceOf(IllegalStateException.class).hasMessage("TUCO_SECRET_KEY: is required");
    }
}
