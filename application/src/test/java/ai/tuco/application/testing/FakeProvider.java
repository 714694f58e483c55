package ai.tuco.application.testing;

import ai.tuco.application.provider.port.out.spi.ConfigField;
import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.Reconciliation;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.domain.shared.Channel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * A provider ({@code sandbox} by default) that answers what the test scripts: the addresses that take iMessage (or a
 * provider down, or one that cannot tell), then one answer per send (the last one repeats) and per reconciliation;
 * records what it was asked.
 */
public final class FakeProvider implements MessagingProvider {
    private final String name;
    private final Set<String> iMessageAddresses = new HashSet<>();
    private final Deque<Callable<SendOutcome>> answers = new ArrayDeque<>();
    private final Deque<Callable<Reconciliation>> reconciliations = new ArrayDeque<>();
    private final List<String> availabilityAsked = Collections.synchronizedList(new ArrayList<>());
    private final List<SendRequest> sent = Collections.synchronizedList(new ArrayList<>());
    private final List<SendRequest> reconciled = Collections.synchronizedList(new ArrayList<>());
    private boolean availabilityFails;
    private boolean availabilityUnchecked;

    public FakeProvider() {
        this("sandbox");
    }

    public FakeProvider(String name) {
        this.name = name;
    }

    public FakeProvider takesIMessage(String address) {
        iMessageAddresses.add(address);
        return this;
    }

    public FakeProvider answers(SendOutcome outcome) {
        answers.add(() -> outcome);
        return this;
    }

    /** The next send takes as long as {@code work} (e.g. a latch that never opens), then answers what it returns. */
    public FakeProvider answersWith(Callable<SendOutcome> work) {
        answers.add(work);
        return this;
    }

    public FakeProvider reconciles(Reconciliation answer) {
        reconciliations.add(() -> answer);
        return this;
    }

    public FakeProvider reconcilesWith(Callable<Reconciliation> work) {
        reconciliations.add(work);
        return this;
    }

    /** The provider is down: availability checks throw. */
    public FakeProvider failsAvailabilityChecks() {
        availabilityFails = true;
        return this;
    }

    /** The provider cannot check availability (e.g. a relay without its private API). */
    public FakeProvider cannotCheckAvailability() {
        availabilityUnchecked = true;
        return this;
    }

    /** The provider throws on send (a bug or a broken connection before sending). */
    public FakeProvider throwsOnSend(RuntimeException e) {
        answers.add(() -> {
            throw e;
        });
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.allOf(Channel.class);
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of();
    }

    @Override
    public Availability iMessageAvailability(LineContext line, String address) {
        availabilityAsked.add(address);
        if (availabilityFails) {
            throw new IllegalStateException("provider down");
        }
        if (availabilityUnchecked) {
            return Availability.UNCHECKED;
        }
        return iMessageAddresses.contains(address) ? Availability.AVAILABLE : Availability.UNAVAILABLE;
    }

    @Override
    public SendOutcome send(SendRequest request) throws Exception {
        sent.add(request);
        Callable<SendOutcome> answer;
        synchronized (answers) {
            answer = answers.size() > 1 ? answers.poll() : answers.peek();
        }
        return answer == null ? new SendOutcome.Accepted("ext-" + sent.size()) : answer.call();
    }

    @Override
    public Reconciliation reconcile(SendRequest request) throws Exception {
        reconciled.add(request);
        Callable<Reconciliation> answer;
        synchronized (reconciliations) {
            answer = reconciliations.size() > 1 ? reconciliations.poll() : reconciliations.peek();
        }
        return answer == null ? MessagingProvider.super.reconcile(request) : answer.call();
    }

    @Override
    public HealthResult checkHealth(LineContext line) {
        return HealthResult.ok();
    }

    public List<String> availabilityAsked() {
        return List.copyOf(availabilityAsked);
    }

    public List<SendRequest> sent() {
        return List.copyOf(sent);
    }

    public List<SendRequest> reconciled() {
        return List.copyOf(reconciled);
    }
}
