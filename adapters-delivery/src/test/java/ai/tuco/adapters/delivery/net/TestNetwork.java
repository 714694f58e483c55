package ai.tuco.adapters.delivery.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import okhttp3.Dns;

/** Test doubles for the guard: a resolver that answers from a table, and a tripwire that keeps connects on loopback. */
final class TestNetwork {
    private TestNetwork() {}

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only in tests: never a lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** Answers the names it was given (labelled as some other name, as a careless resolver might), else unknown host. */
    static Dns resolver(Map<String, String> answers) {
        return hostname -> {
            String answer = answers.get(hostname);
            if (answer == null) {
                throw new UnknownHostException(hostname + " is not in the test resolver");
            }
            List<InetAddress> result = new ArrayList<>();
            for (String literal : answer.split(",")) {
                result.add(InetAddress.getByAddress("decoy.example", ip(literal).getAddress()));
            }
            return result;
        };
    }

    /** A resolver whose n-th answer for a name is {@code answers.apply(n)} (DNS rebinding). */
    static Dns rebinding(Function<Integer, String> answers) {
        Map<String, Integer> calls = new ConcurrentHashMap<>();
        return hostname -> List.of(ip(answers.apply(calls.merge(hostname, 1, Integer::sum))));
    }

    /** Thrown instead of connecting to a non-loopback address the guard let through: no test traffic leaves the machine. */
    static final class TripwireException extends IOException {
        final InetSocketAddress endpoint;

        TripwireException(InetSocketAddress endpoint) {
            super("the guard allowed a connect to " + endpoint + " (stopped by the test's tripwire)");
            this.endpoint = endpoint;
        }
    }

    /** Records every connect the guard allowed; lets only loopback ones happen. */
    static final class Tripwire implements GuardedSocketFactory.ConnectHook {
        final List<InetSocketAddress> allowed = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void beforeConnect(InetSocketAddress endpoint) throws IOException {
            allowed.add(endpoint);
            if (!endpoint.getAddress().isLoopbackAddress()) {
                throw new TripwireException(endpoint);
            }
        }
    }
}
