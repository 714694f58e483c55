package ai.tuco.application.dispatch;

import static ai.tuco.application.testing.TestData.lead;
import static ai.tuco.application.testing.TestData.line;
import static ai.tuco.application.testing.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.provider.port.out.ProviderCalls;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.application.testing.FakeProviders;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.EmailAddress;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An email carries its message's one-click unsubscribe link to the provider; other channels carry none. */
class UnsubscribeLinkTest {
    private final DispatchFixture f = new DispatchFixture();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final SendClaimed sends = new SendClaimed(FakeProviders.standard(f.sender), f.contexts,
            new ProviderCalls(pool, f.settings.providerTimeout()),
            id -> Optional.of(URI.create("https://tuco.example/unsubscribe/" + id.value())));
    private final Lead ada = f.leads.add(lead("cccccccccccccccccccc0001"));

    @AfterEach
    void close() {
        pool.shutdownNow();
        f.close();
    }

    @Test
    void anEmailCarriesItsUnsubscribeLink() {
        Line line = f.lines.add(line("bbbbbbbbbbbbbbbbbbbb0001", Channel.EMAIL));
        f.messages.add(message("dddddddddddddddddddd0001").from(line).to(ada).channel(Channel.EMAIL)
                .phone(Optional.empty()).email(Optional.of(new EmailAddress("ada@example.com"))).build());

        sends.send(f.claimOne());

        SendRequest request = f.sender.sent().get(0);
        assertThat(request.unsubscribeUrl()).contains(URI.create("https://tuco.example/unsubscribe/dddddddddddddddddddd0001"));
    }

    @Test
    void anSmsCarriesNone() {
        Line line = f.lines.add(line("bbbbbbbbbbbbbbbbbbbb0002", Channel.SMS));
        f.messages.add(message("dddddddddddddddddddd0002").from(line).to(ada).channel(Channel.SMS).build());

        sends.send(f.claimOne());

        assertThat(f.sender.sent().get(0).unsubscribeUrl()).isEmpty();
    }
}
