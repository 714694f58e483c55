package ai.tuco.application.callback.port.in;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request a provider sent to {@code /hooks/{provider}/{lineId}/{path}}: authenticated and decoded by the line's
 * provider, its status updates applied to the line's messages, answered as the provider asks. An unknown line, a
 * provider that is not the line's, or one that takes no callbacks is a bare 404: nothing tells a prober which.
 */
public interface HandleCallbackUseCase {
    CallbackAnswer handle(CallbackRequest request);

    /**
     * @param publicUrl the URL the provider called, rebuilt from {@code TUCO_PUBLIC_URL}, with its query string
     * @param path      the last segment ({@code status}, {@code inbound}, ...)
     * @param headers   names in lower case
     * @param form      the parsed {@code application/x-www-form-urlencoded} body (empty for other bodies)
     */
    record CallbackRequest(String provider, String lineId, String method, URI publicUrl, String path,
            Map<String, List<String>> query, Map<String, List<String>> headers, Map<String, List<String>> form, byte[] body) {
        public CallbackRequest {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(lineId, "lineId");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(publicUrl, "publicUrl");
            Objects.requireNonNull(path, "path");
            query = Map.copyOf(query);
            headers = Map.copyOf(headers);
            form = Map.copyOf(form);
            body = body == null ? new byte[0] : body;
        }
    }

    record CallbackAnswer(int status, String contentType, String body) {
        public CallbackAnswer {
            Objects.requireNonNull(contentType, "contentType");
            body = body == null ? "" : body;
        }

        public static CallbackAnswer notFound() {
            return new CallbackAnswer(404, "text/plain", "");
        }
    }
}
