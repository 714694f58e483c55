package ai.tuco.application.provider.port.out.spi;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Inbound requests a provider posts to {@code {TUCO_PUBLIC_URL}/hooks/{provider}/{lineId}/{path}}: authenticated
 * (a forged request records nothing) and decoded into status updates and {@link InboundReply replies}.
 */
public interface Callbacks {

    /** Decodes one request for {@code line}; never throws for a bad request: answer it with a 4xx {@link Answer}. */
    Decoded decode(LineContext line, Inbound request);

    /**
     * One inbound HTTP request as received.
     *
     * @param publicUrl the full URL the provider called, rebuilt from {@code TUCO_PUBLIC_URL}, with its query string
     * @param path      what follows {@code /hooks/{provider}/{lineId}/} (e.g. {@code status}), without the query
     * @param headers   header names in lower case
     * @param form      the parsed {@code application/x-www-form-urlencoded} body (empty for other bodies)
     */
    record Inbound(String method, URI publicUrl, String path, Map<String, List<String>> query,
            Map<String, List<String>> headers, Map<String, List<String>> form, byte[] body) {
        public Inbound {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(publicUrl, "publicUrl");
            Objects.requireNonNull(path, "path");
            query = Map.copyOf(query);
            headers = Map.copyOf(headers);
            form = Map.copyOf(form);
            body = body == null ? new byte[0] : body;
        }

        public Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        public Optional<String> queryParam(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        public Optional<String> formParam(String name) {
            List<String> v = form.get(name);
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }
    }

    /** What to answer the provider with; {@code body} may be empty. */
    record Answer(int status, String contentType, String body) {
        public Answer {
            Objects.requireNonNull(contentType, "contentType");
            body = body == null ? "" : body;
        }

        public static Answer ok() {
            return new Answer(200, "text/plain", "");
        }

        public static Answer of(int status, String reason) {
            return new Answer(status, "text/plain", reason);
        }
    }

    /**
     * The answer and what the request said: status updates and replies, both empty for an unauthenticated or ignored
     * request.
     */
    record Decoded(Answer answer, List<StatusUpdate> updates, List<InboundReply> replies) {
        public Decoded {
            Objects.requireNonNull(answer, "answer");
            updates = List.copyOf(updates);
            replies = List.copyOf(replies);
        }

        public Decoded(Answer answer, List<StatusUpdate> updates) {
            this(answer, updates, List.of());
        }

        public static Decoded refused(int status, String reason) {
            return new Decoded(Answer.of(status, reason), List.of());
        }
    }
}
