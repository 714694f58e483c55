package bench.providers;

import ai.tuco.application.provider.port.out.spi.ConfigField;
import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.domain.shared.Channel;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/providers' plugin: a provider named {@code benchhttp} that posts each message to {@code {url}/send/{lineId}}
 * of the bench's stub and takes the answer's {@code sid} as the provider's id. Loaded from TUCO_PLUGINS_DIR.
 */
public final class BenchHttpProvider implements MessagingProvider {
    private static final Pattern SID = Pattern.compile("\"sid\"\\s*:\\s*\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public String name() {
        return "benchhttp";
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.SMS);
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of(ConfigField.required("url", ConfigField.Type.URL, "the bench stub"));
    }

    @Override
    public SendOutcome send(SendRequest request) throws Exception {
        URI uri = URI.create(request.line().require("url") + "/send/" + request.line().line().id().value());
        HttpRequest post = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\": \"" + request.to() + "\"}")).build();
        try {
            HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
            Matcher m = SID.matcher(r.body());
            if (r.statusCode() / 100 == 2 && m.find()) {
                return new SendOutcome.Accepted(m.group(1));
            }
            return SendOutcome.Rejected.retryable("STUB_" + r.statusCode(), "the stub answered " + r.statusCode(), Optional.empty());
        } catch (ConnectException e) {
            return SendOutcome.Rejected.retryable("STUB_UNREACHABLE", "the stub refused the connection", Optional.empty());
        } catch (HttpTimeoutException e) {
            return new SendOutcome.Unknown("the stub did not answer");
        }
    }

    @Override
    public HealthResult checkHealth(LineContext line) throws Exception {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(line.require("url") + "/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 200 ? HealthResult.ok() : HealthResult.unhealthy("the stub answered " + r.statusCode());
    }
}
