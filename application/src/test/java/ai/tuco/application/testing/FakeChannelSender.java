package ai.tuco.application.testing;

import ai.tuco.application.provider.port.out.ChannelSender;
import ai.tuco.domain.line.Line;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A provider that answers what the test scripts: the addresses that take iMessage (or a provider down), then one
 * answer per send (the last one repeats); records what it was asked.
 */
public final class FakeChannelSender implements ChannelSender {
    private final Set<String> iMessageAddresses = new HashSet<>();
    private final Deque<Supplier<SendResult>> answers = new ArrayDeque<>();
    private final List<String> availabilityAsked = new ArrayList<>();
    private final List<Outgoing> sent = new ArrayList<>();
    private boolean availabilityFails;

    public FakeChannelSender takesIMessage(String address) {
        iMessageAddresses.add(address);
        return this;
    }

    public FakeChannelSender answers(SendResult result) {
        answers.add(() -> result);
        return this;
    }

    /** The provider is down: availability checks throw. */
    public FakeChannelSender failsAvailabilityChecks() {
        availabilityFails = true;
        return this;
    }

    /** The provider throws on send (a bug or a broken connection). */
    public FakeChannelSender throwsOnSend(RuntimeException e) {
        answers.add(() -> {
            throw e;
        });
        return this;
    }

    @Override
    public boolean iMessageAvailable(Line line, String address) {
        availabilityAsked.add(address);
        if (availabilityFails) {
            throw new IllegalStateException("provider down");
        }
        return iMessageAddresses.contains(address);
    }

    @Override
    public SendResult send(Outgoing message) {
        sent.add(message);
        Supplier<SendResult> answer = answers.size() > 1 ? answers.poll() : answers.peek();
        if (answer == null) {
            return new SendResult.Accepted("ext-" + sent.size());
        }
        return answer.get();
    }

    public List<String> availabilityAsked() {
        return List.copyOf(availabilityAsked);
    }

    public List<Outgoing> sent() {
        return List.copyOf(sent);
    }
}
