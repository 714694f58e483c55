package ai.tuco.application.report.port.in;

import ai.tuco.domain.message.MessageStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A report over the messages created in [from, to): one row per group, in the group's natural order (days ascending,
 * statuses and channels in the vocabulary's order, lines and batches by most messages), and the totals.
 */
public record MessageReport(Instant from, Instant to, ReportGroupBy groupBy, ZoneId timezone, List<Row> rows, Figures totals) {
    public MessageReport {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(groupBy, "groupBy");
        Objects.requireNonNull(timezone, "timezone");
        rows = List.copyOf(rows);
        Objects.requireNonNull(totals, "totals");
    }

    /** @param key the status or channel wire name, line id, batch id (empty: no batch) or ISO date of the row */
    public record Row(Optional<String> key, Figures figures) {
        public Row {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(figures, "figures");
        }
    }

    /**
     * @param counts messages by status; every status present, zero when none
     * @param deliveryRate delivered (or read) ÷ messages with a sentAt, email left out of both; empty when that
     *     denominator is 0 (no message sent, or only email)
     * @param failureReasons the error codes of failed and fallback messages, most frequent first, at most five
     */
    public record Figures(long total, Map<MessageStatus, Long> counts, OptionalDouble deliveryRate,
            List<FailureReason> failureReasons, Latency acceptToSent, Latency acceptToDelivered) {
        public Figures {
            Map<MessageStatus, Long> all = new EnumMap<>(MessageStatus.class);
            all.putAll(counts);
            for (MessageStatus s : MessageStatus.values()) {
                all.putIfAbsent(s, 0L);
            }
            counts = Collections.unmodifiableMap(all);
            Objects.requireNonNull(deliveryRate, "deliveryRate");
            failureReasons = List.copyOf(failureReasons);
            Objects.requireNonNull(acceptToSent, "acceptToSent");
            Objects.requireNonNull(acceptToDelivered, "acceptToDelivered");
        }

        /** A group without messages (a day with none, in a zero-filled report). */
        public static Figures empty() {
            return new Figures(0, Map.of(), OptionalDouble.empty(), List.of(), Latency.NONE, Latency.NONE);
        }
    }

    public record FailureReason(String errorCode, long count) {
        public FailureReason {
            Objects.requireNonNull(errorCode, "errorCode");
        }
    }

    /** Milliseconds from accept; the median and 90th percentile are measured values (nearest rank). */
    public record Latency(OptionalLong medianMs, OptionalLong p90Ms) {
        public static final Latency NONE = new Latency(OptionalLong.empty(), OptionalLong.empty());

        public Latency {
            Objects.requireNonNull(medianMs, "medianMs");
            Objects.requireNonNull(p90Ms, "p90Ms");
        }
    }
}
