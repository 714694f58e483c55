package ai.tuco.adapters.delivery.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * An outbound connection was refused because the host is, or resolves to, an address that is not public (loopback,
 * private, link-local, ...) and {@code TUCO_ALLOW_PRIVATE_NETWORKS} does not list it. The message names the host and
 * the kind of range, never a URL (its query may hold a token) and never the exact address (it may be an internal one
 * the caller should not learn); {@link #address()} has it for logs.
 *
 * <p>It is an {@link UnknownHostException}, the one checked exception OkHttp's {@code Dns.lookup} may throw, so the
 * resolver and the socket raise the same type: "this host has no address we may connect to". Callers that treat
 * unknown hosts differently test for this type first. Libraries may wrap it (OkHttp adds the other routes' failures as
 * suppressed exceptions, Angus Mail wraps it in a {@code MessagingException}): {@link #in(Throwable)} finds it.
 */
public final class BlockedAddressException extends UnknownHostException {
    private final String host;
    private final transient InetAddress address;
    private final String reason;

    BlockedAddressException(String host, InetAddress address, String reason) {
        super("refused to connect to " + host + ": it is " + reason
                + "; only public addresses are reached unless TUCO_ALLOW_PRIVATE_NETWORKS lists the host or its range");
        this.host = host;
        this.address = address;
        this.reason = reason;
    }

    /** The host as the caller named it (a hostname or an IP literal). */
    public String host() {
        return host;
    }

    /** The refused address; empty when the host was refused for its spelling before any resolution. */
    public Optional<InetAddress> address() {
        return Optional.ofNullable(address);
    }

    /** What kind of address it is, e.g. {@code a private address (10.0.0.0/8)}. */
    public String reason() {
        return reason;
    }

    /** This exception if {@code thrown} is one, or has one among its causes or suppressed exceptions. */
    public static Optional<BlockedAddressException> in(Throwable thrown) {
        return find(thrown, new HashSet<>());
    }

    private static Optional<BlockedAddressException> find(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return Optional.empty();
        }
        if (t instanceof BlockedAddressException blocked) {
            return Optional.of(blocked);
        }
        for (Throwable s : t.getSuppressed()) {
            Optional<BlockedAddressException> found = find(s, seen);
            if (found.isPresent()) {
                return found;
            }
        }
        return find(t.getCause(), seen);
    }
}
