package ai.tuco.adapters.persistence.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.postgres.TestRows;
import ai.tuco.application.dispatch.port.out.EarlyUpdates;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.domain.shared.LineId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The EarlyUpdates port on PostgreSQL: kept per (line, provider id), taken once in arrival order, purged by age, locked per pair. */
class JdbiEarlyUpdatesTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");
    private final JdbiEarlyUpdates early = new JdbiEarlyUpdates(db.jdbi());
    private final TestRows rows = new TestRows(db);

    private LineId line() {
        return new LineId(rows.line(rows.workspace()));
    }

    @Test
    void keptUpdates_areTakenOnceForTheirLineAndId_inTheOrderTheyCame() {
        LineId line = line();
        LineId other = line();
        early.keep(line, StatusUpdate.byExternalId("SM1", StatusUpdate.Kind.DELIVERED), T0);
        early.keep(line, StatusUpdate.failed(Optional.empty(), Optional.of("SM1"), "30003", "Unreachable handset"), T0.plusSeconds(1));
        early.keep(line, StatusUpdate.byExternalId("SM2", StatusUpdate.Kind.READ), T0);
        early.keep(other, StatusUpdate.byExternalId("SM1", StatusUpdate.Kind.SENT), T0);

        List<StatusUpdate> taken = db.jdbi().inTransaction(h -> early.takeFor(line, "SM1"));
        assertThat(taken).extracting(StatusUpdate::kind).containsExactly(StatusUpdate.Kind.DELIVERED, StatusUpdate.Kind.FAILED);
        assertThat(taken.get(1).errorCode()).contains("30003");
        assertThat(taken.get(1).errorMessage()).contains("Unreachable handset");
        assertThat(taken.get(0).externalId()).contains("SM1");
        assertThat(early.takeFor(line, "SM1")).as("taken once").isEmpty();
        assertThat(early.takeFor(other, "SM1")).as("another line's kept update stays its own").hasSize(1);
        assertThat(early.takeFor(line, "SM2")).hasSize(1);
    }

    @Test
    void anUpdateNamingOnlyOurId_isNotKept() {
        assertThatThrownBy(() -> early.keep(line(), new StatusUpdate(Optional.of(new ai.tuco.domain.shared.MessageId(TestRows.newId())),
                Optional.empty(), StatusUpdate.Kind.SENT, Optional.empty(), Optional.empty(), Optional.empty()), T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void purge_deletesOnlyUpdatesReceivedBeforeTheCutoff() {
        LineId line = line();
        early.keep(line, StatusUpdate.byExternalId("old", StatusUpdate.Kind.DELIVERED), T0.minusSeconds(3601));
        early.keep(line, StatusUpdate.byExternalId("new", StatusUpdate.Kind.DELIVERED), T0.minusSeconds(10));

        assertThat(early.purgeReceivedBefore(T0.minusSeconds(3600))).isGreaterThanOrEqualTo(1);
        assertThat(early.takeFor(line, "old")).isEmpty();
        assertThat(early.takeFor(line, "new")).hasSize(1);
    }

    @Test
    void insideATransaction_guard_holdsThePairsLockUntilItEnds() {
        LineId line = line();
        Jdbi other = Jdbi.create(db.dataSource());
        String sql = "SELECT pg_try_advisory_xact_lock(hashtextextended('early:' || :line || ':' || :x, 0))";
        db.jdbi().useTransaction(tx -> {
            early.guard(line, "SM9");
            try (Handle h = other.open()) {
                assertThat(h.createQuery(sql).bind("line", line.value()).bind("x", "SM9").mapTo(Boolean.class).one()).isFalse();
                assertThat(h.createQuery(sql).bind("line", line.value()).bind("x", "SM10").mapTo(Boolean.class).one())
                        .as("another id is another lock").isTrue();
            }
        });
        try (Handle h = other.open()) {
            assertThat(h.createQuery(sql).bind("line", line.value()).bind("x", "SM9").mapTo(Boolean.class).one()).isTrue();
        }
    }

    @Test
    void severalSends_takeForAll_takesEachPairsKeptUpdatesInOrder_andNothingElse() {
        LineId line = line();
        LineId other = line();
        early.keep(line, StatusUpdate.byExternalId("SM1", StatusUpdate.Kind.DELIVERED), T0);
        early.keep(line, StatusUpdate.byExternalId("SM1", StatusUpdate.Kind.READ), T0.plusSeconds(1));
        early.keep(other, StatusUpdate.byExternalId("SM2", StatusUpdate.Kind.DELIVERED), T0);
        early.keep(line, StatusUpdate.byExternalId("SM3", StatusUpdate.Kind.DELIVERED), T0);

        var taken = db.jdbi().inTransaction(h -> early.takeForAll(List.of(new EarlyUpdates.Pair(line, "SM1"),
                new EarlyUpdates.Pair(other, "SM2"), new EarlyUpdates.Pair(other, "SM1"))));

        assertThat(taken).containsOnlyKeys(new EarlyUpdates.Pair(line, "SM1"), new EarlyUpdates.Pair(other, "SM2"));
        assertThat(taken.get(new EarlyUpdates.Pair(line, "SM1"))).extracting(StatusUpdate::kind)
                .containsExactly(StatusUpdate.Kind.DELIVERED, StatusUpdate.Kind.READ);
        assertThat(early.takeFor(line, "SM1")).as("taken once").isEmpty();
        assertThat(early.takeFor(line, "SM3")).as("not asked for: kept").hasSize(1);
    }
}
