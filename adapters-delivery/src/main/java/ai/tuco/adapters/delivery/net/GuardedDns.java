package ai.tuco.adapters.delivery.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.Dns;

/**
 * OkHttp's resolver with the guard on top: asks the delegate, then drops every address {@link NetworkPolicy} does not
 * permit, and refuses the host when none is left. The addresses it returns carry the hostname, so the guarded socket
 * (which checks again at connect time, and alone sees IP-literal hosts, which OkHttp never sends here) can honour a
 * hostname listed in the policy.
 */
public final class GuardedDns implements Dns {
    private final NetworkPolicy policy;
    private final Dns delegate;

    public GuardedDns(NetworkPolicy policy, Dns delegate) {
        this.policy = Objects.requireNonNull(policy);
        this.delegate = Objects.requireNonNull(delegate);
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        HostSpelling.check(hostname);
        List<InetAddress> resolved = delegate.lookup(hostname);
        List<InetAddress> permitted = new ArrayList<>(resolved.size());
        BlockedAddressException firstRefusal = null;
        for (InetAddress address : resolved) {
            InetAddress named = named(hostname, address);
            if (policy.permits(hostname, named)) {
                permitted.add(named);
            } else if (firstRefusal == null) {
                try {
                    policy.check(hostname, named);
                } catch (BlockedAddressException e) {
                    firstRefusal = e;
                }
            }
        }
        if (permitted.isEmpty()) {
            throw firstRefusal != null ? firstRefusal : new UnknownHostException(hostname + ": no addresses");
        }
        return List.copyOf(permitted);
    }

    /** The same address labelled with the name that was looked up (whatever name the delegate put on it). */
    private static InetAddress named(String hostname, InetAddress address) throws UnknownHostException {
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            return Inet6Address.getByAddress(hostname, v6.getAddress(), v6.getScopeId());
        }
        return InetAddress.getByAddress(hostname, address.getAddress());
    }

    @Override
    public String toString() {
        return "GuardedDns(" + delegate + ")";
    }
}
