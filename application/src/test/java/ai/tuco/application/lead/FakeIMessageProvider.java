package ai.tuco.application.lead;

import ai.tuco.application.provider.port.out.ChannelSender;
import ai.tuco.domain.line.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Answers availability checks from a set of addresses that take iMessage, and records what it was asked. */
final class FakeIMessageProvider implements ChannelSender {
    final List<String> asked = new ArrayList<>();
    Set<String> available = Set.of();
    boolean failing;

    @Override
    public boolean iMessageAvailable(Line line, String address) {
        asked.add(address);
        if (failing) {
            throw new IllegalStateException("provider down");
        }
        return available.contains(address);
    }

    @Override
    public SendResult send(Outgoing message) {
        throw new UnsupportedOperationException("availability checks never send");
    }
}
