package ai.tuco.adapters.delivery.net;

import java.util.regex.Pattern;

/**
 * Refuses hosts that end in a number but are not a plain dotted quad ({@code 2130706433}, {@code 0177.0.0.1},
 * {@code 0x7f.0.0.1}, {@code 127.1}). The URL standard reads such hosts as IPv4 addresses, but the JDK, the C resolver
 * and browsers disagree on how ({@code 0177.0.0.1} is 127.0.0.1 to the C resolver and 177.0.0.1 to the JDK), so no
 * legitimate receiver is written that way and the guard does not guess.
 */
final class HostSpelling {
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+|0x[0-9a-f]*");

    private HostSpelling() {}

    static void check(String host) throws BlockedAddressException {
        if (host.contains(":")) {
            return; // IPv6 literal: parsed exactly, judged by its bytes
        }
        String h = host.toLowerCase(java.util.Locale.ROOT);
        String trimmed = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        String last = trimmed.substring(trimmed.lastIndexOf('.') + 1);
        if (NUMBER.matcher(last).matches() && !DOTTED_QUAD.matcher(h).matches()) {
            throw new BlockedAddressException(host, null,
                    "a numeric host that is not a plain IPv4 address (decimal, octal, hex or shortened forms are refused)");
        }
    }
}
