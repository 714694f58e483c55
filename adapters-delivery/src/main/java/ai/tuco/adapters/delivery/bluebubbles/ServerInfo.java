package ai.tuco.adapters.delivery.bluebubbles;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What {@code GET /api/v1/server/info} says that sending depends on (generalInterface.ts getServerMetadata:
 * {@code private_api}, {@code helper_connected}, {@code os_version}).
 */
record ServerInfo(boolean privateApi, boolean helperConnected, Optional<Integer> macOsMajor) {

    /** The Private API is enabled and its helper is connected: the relay's own check (helpers/utils.ts checkPrivateApiStatus). */
    boolean privateApiReady() {
        return privateApi && helperConnected;
    }

    /** macOS 26 (Tahoe) or later, where one-to-one chats are {@code any;-;<address>}. */
    boolean anyChats() {
        return macOsMajor.orElse(0) >= 26;
    }

    static ServerInfo from(JsonNode data) {
        Optional<Integer> major = Optional.empty();
        String os = data.path("os_version").asText("");
        int dot = os.indexOf('.');
        try {
            major = os.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(dot < 0 ? os : os.substring(0, dot)));
        } catch (NumberFormatException e) {
            // an unreadable version is treated as an older macOS
        }
        return new ServerInfo(data.path("private_api").asBoolean(false), data.path("helper_connected").asBoolean(false), major);
    }
}
