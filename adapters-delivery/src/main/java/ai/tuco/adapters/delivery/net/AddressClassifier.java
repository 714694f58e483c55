package ai.tuco.adapters.delivery.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Tells whether an IP address is one the service may reach without an exception in {@link NetworkPolicy}: only public
 * (globally routed) unicast addresses are. Works on the address bytes, so every spelling of an address (decimal,
 * octal, hex, IPv6 forms that embed an IPv4 address) is judged as the address it finally is.
 *
 * <p>IPv6 addresses that carry an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d},
 * IPv4-translated {@code ::ffff:0:a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d} and 6to4 {@code 2002:AABB:CCDD::}) are
 * judged by that IPv4 address. Any other IPv6 address outside global unicast {@code 2000::/3} is refused, as are the
 * special ranges inside it listed below.
 */
public final class AddressClassifier {
    private AddressClassifier() {}

    /** A refused range and why; the label names the range, never the exact address (it may be an internal one). */
    private record Range(byte[] network, int prefix, String label) {
        boolean contains(byte[] address) {
            return address.length == network.length && prefixMatches(network, address, prefix);
        }
    }

    // IPv4, most specific first so the label says the most useful thing
    private static final List<Range> IPV4 = List.of(
            range("0.0.0.0", 32, "the unspecified address (0.0.0.0)"),
            range("255.255.255.255", 32, "the broadcast address (255.255.255.255)"),
            range("169.254.169.254", 32, "the cloud metadata address (link-local 169.254.0.0/16)"),
            range("0.0.0.0", 8, "\"this network\" (0.0.0.0/8)"),
            range("10.0.0.0", 8, "a private address (10.0.0.0/8)"),
            range("100.64.0.0", 10, "a carrier-grade NAT address (100.64.0.0/10)"),
            range("127.0.0.0", 8, "a loopback address (127.0.0.0/8)"),
            range("169.254.0.0", 16, "a link-local address (169.254.0.0/16)"),
            range("172.16.0.0", 12, "a private address (172.16.0.0/12)"),
            range("192.0.0.0", 24, "an IETF protocol assignment (192.0.0.0/24)"),
            range("192.0.2.0", 24, "a documentation address (192.0.2.0/24)"),
            range("192.88.99.0", 24, "the deprecated 6to4 relay range (192.88.99.0/24)"),
            range("192.168.0.0", 16, "a private address (192.168.0.0/16)"),
            range("198.18.0.0", 15, "a benchmarking address (198.18.0.0/15)"),
            range("198.51.100.0", 24, "a documentation address (198.51.100.0/24)"),
            range("203.0.113.0", 24, "a documentation address (203.0.113.0/24)"),
            range("224.0.0.0", 4, "a multicast address (224.0.0.0/4)"),
            range("240.0.0.0", 4, "a reserved address (240.0.0.0/4)"));

    private static final List<Range> IPV6 = List.of(
            range("::", 128, "the unspecified address (::)"),
            range("::1", 128, "the loopback address (::1)"),
            range("64:ff9b:1::", 48, "a local-use NAT64 address (64:ff9b:1::/48)"),
            range("100::", 64, "a discard-only address (100::/64)"),
            range("2001::", 32, "a Teredo tunnel address (2001::/32)"),
            range("2001:2::", 48, "a benchmarking address (2001:2::/48)"),
            range("2001:db8::", 32, "a documentation address (2001:db8::/32)"),
            range("3fff::", 20, "a documentation address (3fff::/20)"),
            range("fc00::", 7, "a unique-local address (fc00::/7)"),
            range("fe80::", 10, "a link-local address (fe80::/10)"),
            range("fec0::", 10, "a site-local address (fec0::/10)"),
            range("ff00::", 8, "a multicast address (ff00::/8)"));

    private static final Range GLOBAL_UNICAST = range("2000::", 3, "global unicast");

    /** Empty when the address is public; otherwise what it is, e.g. {@code a loopback address (127.0.0.0/8)}. */
    public static Optional<String> refusal(InetAddress address) {
        return refusal(address.getAddress());
    }

    static Optional<String> refusal(byte[] address) {
        if (address.length == 4) {
            return label(IPV4, address);
        }
        Optional<String> special = label(IPV6, address);
        if (special.isPresent()) {
            return special;
        }
        Optional<Embedded> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return label(IPV4, embedded.get().ipv4()).map(why -> why + ", inside " + embedded.get().form());
        }
        return GLOBAL_UNICAST.contains(address)
                ? Optional.empty()
                : Optional.of("not a global unicast IPv6 address (outside 2000::/3)");
    }

    /** The IPv4 address an IPv6 address carries, if it is one of the forms that route to an IPv4 host. */
    static Optional<Inet4Address> embeddedIpv4(InetAddress address) {
        return address.getAddress().length == 16
                ? embeddedIpv4(address.getAddress()).map(e -> ipv4(e.ipv4()))
                : Optional.empty();
    }

    record Embedded(byte[] ipv4, String form) {}

    private static final byte[] ZERO_96 = new byte[12];
    private static final byte[] MAPPED_96 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};
    private static final byte[] TRANSLATED_96 = {0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0};
    private static final byte[] NAT64_96 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    static Optional<Embedded> embeddedIpv4(byte[] a) {
        byte[] first96 = Arrays.copyOfRange(a, 0, 12);
        byte[] last32 = Arrays.copyOfRange(a, 12, 16);
        if (Arrays.equals(first96, MAPPED_96)) {
            return Optional.of(new Embedded(last32, "an IPv4-mapped IPv6 address (::ffff:0:0/96)"));
        }
        if (Arrays.equals(first96, ZERO_96)) {
            return Optional.of(new Embedded(last32, "an IPv4-compatible IPv6 address (::/96)"));
        }
        if (Arrays.equals(first96, TRANSLATED_96)) {
            return Optional.of(new Embedded(last32, "an IPv4-translated IPv6 address (::ffff:0:0:0/96)"));
        }
        if (Arrays.equals(first96, NAT64_96)) {
            return Optional.of(new Embedded(last32, "a NAT64 address (64:ff9b::/96)"));
        }
        if (a[0] == 0x20 && a[1] == 0x02) {
            return Optional.of(new Embedded(Arrays.copyOfRange(a, 2, 6), "a 6to4 address (2002::/16)"));
        }
        return Optional.empty();
    }

    private static Optional<String> label(List<Range> ranges, byte[] address) {
        return ranges.stream().filter(r -> r.contains(address)).map(Range::label).findFirst();
    }

    static boolean prefixMatches(byte[] network, byte[] address, int prefix) {
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (network[i] != address[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (network[full] & mask) == (address[full] & mask);
    }

    private static Range range(String literal, int prefix, String label) {
        return new Range(literalBytes(literal), prefix, label);
    }

    private static byte[] literalBytes(String literal) {
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress(); // literals only: no lookup happens
            return literal.contains(":") && bytes.length == 4 ? mapped(bytes) : bytes;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(literal, e);
        }
    }

    private static byte[] mapped(byte[] ipv4) {
        byte[] a = Arrays.copyOf(MAPPED_96, 16);
        System.arraycopy(ipv4, 0, a, 12, 4);
        return a;
    }

    private static Inet4Address ipv4(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
