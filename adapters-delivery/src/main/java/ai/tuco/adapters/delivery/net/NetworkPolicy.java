package ai.tuco.adapters.delivery.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which non-public addresses outbound connections (webhooks, provider APIs, SMTP relays) may still reach: the parsed
 * form of {@code TUCO_ALLOW_PRIVATE_NETWORKS}. By default none: only addresses {@link AddressClassifier} calls public.
 *
 * <p>The setting is a comma-separated list of CIDR ranges ({@code 192.168.1.0/24}, {@code fd00::/8}), single IP
 * addresses ({@code 10.0.0.5}, a /32 or /128) and hostnames ({@code bluebubbles.lan}: whatever that name resolves
 * to), or {@code true} to allow every address (a trusted, single-tenant install). A listed hostname is matched
 * exactly, case-insensitively, without wildcards.
 */
public final class NetworkPolicy {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    private static final NetworkPolicy NONE = new NetworkPolicy(false, List.of(), Set.of());
    private static final NetworkPolicy EVERYTHING = new NetworkPolicy(true, List.of(), Set.of());

    private final boolean everything;
    private final List<Cidr> ranges;
    private final Set<String> hosts;

    private NetworkPolicy(boolean everything, List<Cidr> ranges, Set<String> hosts) {
        this.everything = everything;
        this.ranges = List.copyOf(ranges);
        this.hosts = Collections.unmodifiableSet(new LinkedHashSet<>(hosts));
    }

    /** Public addresses only (the default). */
    public static NetworkPolicy none() {
        return NONE;
    }

    /** Every address, private ones included ({@code TUCO_ALLOW_PRIVATE_NETWORKS=true}). */
    public static NetworkPolicy everything() {
        return EVERYTHING;
    }

    /**
     * Parses the setting; null or blank is {@link #none()}, {@code true} is {@link #everything()}.
     *
     * @throws IllegalArgumentException naming the entry that is neither a CIDR range, an IP address nor a hostname
     */
    public static NetworkPolicy parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String trimmed = value.strip();
        if (trimmed.equalsIgnoreCase("true")) {
            return EVERYTHING;
        }
        if (trimmed.equalsIgnoreCase("false")) {
            return NONE;
        }
        List<Cidr> ranges = new ArrayList<>();
        Set<String> hosts = new LinkedHashSet<>();
        for (String raw : trimmed.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equalsIgnoreCase("true") || entry.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("'" + entry + "' must stand alone, not in a list");
            }
            if (entry.contains("://")) {
                throw new IllegalArgumentException("'" + entry + "' is a URL; list its hostname or an IP range instead");
            }
            if (entry.contains("/")) {
                ranges.add(Cidr.parse(entry));
            } else if (entry.contains(":") || looksNumeric(entry)) {
                ranges.add(Cidr.single(entry));
            } else {
                hosts.add(hostname(entry));
            }
        }
        return ranges.isEmpty() && hosts.isEmpty() ? NONE : new NetworkPolicy(false, ranges, hosts);
    }

    /** True for {@code TUCO_ALLOW_PRIVATE_NETWORKS=true}. */
    public boolean allowsEverything() {
        return everything;
    }

    /** Whether a connection to {@code address}, reached by the name {@code host} (may be null or an IP literal), may go ahead. */
    public boolean permits(String host, InetAddress address) {
        return everything || AddressClassifier.refusal(address).isEmpty() || listsHost(host) || listsAddress(address);
    }

    /**
     * Passes when {@link #permits} does, else throws naming the host and what kind of address it reached.
     *
     * @throws BlockedAddressException when the address is not public and this policy does not list it or the host
     */
    public void check(String host, InetAddress address) throws BlockedAddressException {
        if (!permits(host, address)) {
            String why = AddressClassifier.refusal(address).orElseThrow();
            throw new BlockedAddressException(host == null ? address.getHostAddress() : host, address, why);
        }
    }

    boolean listsHost(String host) {
        return host != null && hosts.contains(normalise(host));
    }

    boolean listsAddress(InetAddress address) {
        byte[] bytes = address.getAddress();
        Optional<byte[]> embedded = AddressClassifier.embeddedIpv4(address).map(InetAddress::getAddress);
        return ranges.stream().anyMatch(r -> r.contains(bytes) || embedded.filter(r::contains).isPresent());
    }

    /** The setting in canonical form ({@code none}, {@code true} or the entries), for logs. */
    @Override
    public String toString() {
        if (everything) {
            return "true";
        }
        if (ranges.isEmpty() && hosts.isEmpty()) {
            return "none";
        }
        List<String> entries = new ArrayList<>();
        ranges.forEach(r -> entries.add(r.toString()));
        entries.addAll(hosts);
        return String.join(",", entries);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkPolicy other && toString().equals(other.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** Ends in a number: the URL standard reads such a host as an IPv4 address, so it must be one, spelt plainly. */
    private static boolean looksNumeric(String entry) {
        String h = normalise(entry);
        String last = h.substring(h.lastIndexOf('.') + 1);
        return !last.isEmpty() && (last.chars().allMatch(Character::isDigit) || last.startsWith("0x"));
    }

    private static String hostname(String entry) {
        if (entry.contains("*")) {
            throw new IllegalArgumentException("'" + entry + "': wildcards are not supported, list each hostname");
        }
        String h = normalise(entry);
        if (h.isEmpty() || h.length() > 253) {
            throw new IllegalArgumentException("'" + entry + "' is not a hostname, an IP address or a CIDR range");
        }
        for (String label : h.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("'" + entry + "' is not a hostname, an IP address or a CIDR range");
            }
        }
        return h;
    }

    /** A range of addresses; IPv4 ranges are 4 bytes, IPv6 ones 16. */
    private record Cidr(byte[] network, int prefix) {
        static Cidr single(String literal) {
            byte[] address = literal(literal, literal);
            return new Cidr(address, address.length * 8);
        }

        static Cidr parse(String entry) {
            int slash = entry.indexOf('/');
            byte[] network = literal(entry.substring(0, slash).strip(), entry);
            String bits = entry.substring(slash + 1).strip();
            int max = network.length * 8;
            int prefix;
            try {
                prefix = Integer.parseInt(bits);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max || !bits.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + entry + "': the prefix length must be a number from 0 to " + max);
            }
            for (int bit = prefix; bit < max; bit++) {
                if ((network[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                    throw new IllegalArgumentException("'" + entry + "' has address bits set past /" + prefix
                            + "; write the range's first address, e.g. " + first(network, prefix) + "/" + prefix);
                }
            }
            return new Cidr(network, prefix);
        }

        boolean contains(byte[] address) {
            return address.length == network.length && AddressClassifier.prefixMatches(network, address, prefix);
        }

        @Override
        public String toString() {
            return text(network) + "/" + prefix;
        }

        /** An IPv4 dotted quad or an IPv6 literal, parsed without any name lookup. */
        private static byte[] literal(String text, String entry) {
            String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
            if (!t.contains(":")) {
                if (!DOTTED_QUAD.matcher(t).matches()) {
                    throw new IllegalArgumentException("'" + entry + "' is not a valid IP address or CIDR range"
                            + " (IPv4 as four decimal numbers such as 192.168.1.0/24, IPv6 such as fd00::/8)");
                }
                byte[] bytes = new byte[4];
                String[] parts = t.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int n = Integer.parseInt(parts[i]);
                    if (n > 255) {
                        throw new IllegalArgumentException("'" + entry + "' is not a valid IP address: " + n + " is over 255");
                    }
                    bytes[i] = (byte) n;
                }
                return bytes;
            }
            if (!IPV6_CHARS.matcher(t).matches()) {
                throw new IllegalArgumentException("'" + entry + "' is not a valid IP address or CIDR range");
            }
            try {
                // hex digits, colons and dots with a colon: InetAddress parses it as an IPv6 literal, never looks it up
                byte[] bytes = InetAddress.getByName(t).getAddress();
                if (bytes.length == 4) {
                    throw new IllegalArgumentException("'" + entry + "': write IPv4-mapped addresses as plain IPv4");
                }
                return bytes;
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + entry + "' is not a valid IP address or CIDR range");
            }
        }

        private static String first(byte[] network, int prefix) {
            byte[] a = network.clone();
            for (int bit = prefix; bit < a.length * 8; bit++) {
                a[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
            }
            return text(a);
        }

        private static String text(byte[] bytes) {
            try {
                return InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
