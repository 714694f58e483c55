package ai.tuco.adapters.delivery.net;

import static ai.tuco.adapters.delivery.net.TestNetwork.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressClassifierTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "93.184.215.14", "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
        "192.167.255.255", "192.169.0.0", "169.253.255.255", "223.255.255.255", "198.17.255.255", "198.20.0.0",
        "2606:4700:4700::1111", "2a00:1450:4001:82b::200e", "64:ff9b::808:808", "2002:808:808::1"})
    void publicAddresses_areNotRefused(String address) {
        assertThat(AddressClassifier.refusal(ip(address))).isEmpty();
    }

    /** IPv4-mapped addresses as raw bytes: the JDK turns the text form into plain IPv4 before the classifier sees it. */
    @ParameterizedTest(name = "::ffff:{0}")
    @CsvSource({"169.254.169.254, cloud metadata", "127.0.0.1, loopback", "10.9.8.7, private", "0.0.0.0, unspecified"})
    void mappedBytes_areJudgedByTheirIpv4Address(String ipv4, String reason) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(ip(ipv4).getAddress(), 0, mapped, 12, 4);

        assertThat(AddressClassifier.refusal(mapped)).hasValueSatisfying(why -> assertThat(why).contains(reason).contains("IPv4-mapped"));
    }

    /**
     * Property: for seeded random IPv4 addresses (half of them drawn from refused ranges), every IPv6 form that carries
     * one (mapped, compatible, translated, NAT64, 6to4) gets the same verdict as the IPv4 address itself.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyEmbeddingForm_getsTheVerdictOfItsIpv4Address(long seed) {
        Random random = new Random(seed);
        String[] refusedPrefixes = {"10.", "127.", "169.254.", "172.20.", "192.168.", "100.100.", "0.", "240.", "224."};
        for (int i = 0; i < 200; i++) {
            byte[] v4 = new byte[4];
            random.nextBytes(v4);
            if (random.nextBoolean()) {
                byte[] prefix = prefixBytes(refusedPrefixes[random.nextInt(refusedPrefixes.length)]);
                System.arraycopy(prefix, 0, v4, 0, prefix.length);
            }
            boolean refused = AddressClassifier.refusal(v4).isPresent();
            if (v4[0] == 0 && v4[1] == 0 && v4[2] == 0 && (v4[3] == 0 || v4[3] == 1)) {
                continue; // ::0.0.0.0 and ::0.0.0.1 are :: and ::1, refused for their own sake
            }
            for (byte[] v6 : embeddings(v4)) {
                assertThat(AddressClassifier.refusal(v6).isPresent()).as("%s in %s", ip4(v4), ip6(v6)).isEqualTo(refused);
            }
        }
    }

    static Stream<Arguments> seeds() {
        return IntStream.range(0, 5).mapToObj(i -> Arguments.of(0x5eed_0000L + i));
    }

    private static byte[][] embeddings(byte[] v4) {
        byte[] mapped = new byte[16], compatible = new byte[16], translated = new byte[16], nat64 = new byte[16], sixToFour = new byte[16];
        mapped[10] = mapped[11] = (byte) 0xff;
        translated[8] = translated[9] = (byte) 0xff;
        nat64[1] = 0x64;
        nat64[2] = (byte) 0xff;
        nat64[3] = (byte) 0x9b;
        for (byte[] a : new byte[][] {mapped, compatible, translated, nat64}) {
            System.arraycopy(v4, 0, a, 12, 4);
        }
        sixToFour[0] = 0x20;
        sixToFour[1] = 0x02;
        System.arraycopy(v4, 0, sixToFour, 2, 4);
        sixToFour[15] = 1;
        return new byte[][] {mapped, compatible, translated, nat64, sixToFour};
    }

    private static byte[] prefixBytes(String prefix) {
        String[] parts = prefix.split("\\.");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i]);
        }
        return b;
    }

    private static String ip4(byte[] b) {
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }

    private static String ip6(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            s.append(i == 0 ? "" : ":").append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)));
        }
        return s.toString();
    }
}
