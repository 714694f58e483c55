package ai.tuco.application.report.port.out;

import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Counts and times one workspace's messages created in a period, grouped by one dimension, in one consistent read.
 * Messages of other workspaces are never counted.
 */
public interface MessageStatistics {
    /** What the groups are keyed by. */
    enum Dimension { STATUS, MESSAGE_TYPE, LINE, BATCH, PERIOD }

    /**
     * @param from inclusive, by {@code createdAt}
     * @param to exclusive
     * @param periodStarts for {@link Dimension#PERIOD}: ascending instants, the first equal to {@code from}; a message
     *     belongs to the last period starting at or before its {@code createdAt}. Empty for the other dimensions.
     */
    record Scope(WorkspaceId workspaceId, Instant from, Instant to, Optional<String> batchId, Optional<LineId> lineId,
            List<Instant> periodStarts) {
        public Scope {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(batchId, "batchId");
            Objects.requireNonNull(lineId, "lineId");
            periodStarts = List.copyOf(periodStarts);
        }
    }

    /**
     * The groups that have messages, in no particular order, and the figures of all of them together.
     *
     * @return groups keyed by the status or channel wire name, the line id, the batch id (empty for messages without
     *     a batch) or, for {@link Dimension#PERIOD}, the index into {@code periodStarts} in decimal
     */
    Result aggregate(Scope scope, Dimension by);

    record Result(List<Group> groups, Figures totals) {
        public Result {
            groups = List.copyOf(groups);
            Objects.requireNonNull(totals, "totals");
        }
    }

    record Group(Optional<String> key, Figures figures) {
        public Group {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(figures, "figures");
        }
    }

    /**
     * @param byStatus message count by status wire name (statuses without messages may be missing)
     * @param sentNotEmail messages with a {@code sentAt}, email excluded (email has no delivery receipts)
     * @param deliveredNotEmail those of them delivered or read
     * @param failureReasons the most frequent error codes of {@code failed} and {@code fallback} messages, most first,
     *     ties by code; at most the number asked for
     * @param acceptToSent median and 90th percentile (nearest rank: a measured value) of sentAt − createdAt
     * @param acceptToDelivered the same of deliveredAt − createdAt
     */
    record Figures(long total, Map<String, Long> byStatus, long sentNotEmail, long deliveredNotEmail,
            List<Reason> failureReasons, Percentiles acceptToSent, Percentiles acceptToDelivered) {
        public Figures {
            byStatus = Map.copyOf(byStatus);
            failureReasons = List.copyOf(failureReasons);
            Objects.requireNonNull(acceptToSent, "acceptToSent");
            Objects.requireNonNull(acceptToDelivered, "acceptToDelivered");
        }
    }

    record Reason(String errorCode, long count) {
        public Reason {
            Objects.requireNonNull(errorCode, "errorCode");
        }
    }

    /** In milliseconds; empty when no message has the time. */
    record Percentiles(OptionalLong medianMs, OptionalLong p90Ms) {
        public static final Percentiles NONE = new Percentiles(OptionalLong.empty(), OptionalLong.empty());

        public Percentiles {
            Objects.requireNonNull(medianMs, "medianMs");
            Objects.requireNonNull(p90Ms, "p90Ms");
        }
    }

    /** How many failure reasons a group carries at most. */
    int TOP_REASONS = 5;
}
