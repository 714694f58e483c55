package ai.tuco.application.line.port.in;

import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineHealth;
import ai.tuco.domain.shared.LineId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a line object shows beside its settings: its last health check and where its provider posts inbound events. */
public interface LineStatusQuery {
    /** One status per given line, in a map by id (one read of the health table for all of them). */
    Map<LineId, LineStatus> statuses(List<Line> lines);

    /**
     * @param inboundUrl {@code {TUCO_PUBLIC_URL}/hooks/{provider}/{lineId}/inbound?token=...}: the line's per-line token
     *     is part of it, so the URL works for providers that cannot sign their requests
     */
    record LineStatus(LineHealth health, String inboundUrl) {
        public LineStatus {
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(inboundUrl, "inboundUrl");
        }
    }
}
