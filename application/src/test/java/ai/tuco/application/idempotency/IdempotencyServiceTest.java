package ai.tuco.application.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.idempotency.port.in.IdempotencyUseCase.Decision;
import ai.tuco.application.testing.FakeIdempotencyRecords;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdempotencyServiceTest {
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final WorkspaceId WS = new WorkspaceId("aaaaaaaaaaaaaaaaaaaaaaaa");
    static final WorkspaceId OTHER = new WorkspaceId("bbbbbbbbbbbbbbbbbbbbbbbb");
    static final byte[] BODY_A = "POST /api/leads {a}".getBytes(StandardCharsets.UTF_8);
    static final byte[] BODY_B = "POST /api/leads {b}".getBytes(StandardCharsets.UTF_8);

    final MutableClock clock = new MutableClock(NOW);
    final FakeIdempotencyRecords records = new FakeIdempotencyRecords();
    final IdempotencyService service = new IdempotencyService(records, clock);

    @Test
    void aFirstRequest_proceeds_andHoldsTheKeyFor24Hours() {
        assertThat(service.begin(WS, "k1", BODY_A)).isInstanceOf(Decision.Proceed.class);
        assertThat(records.rows().get(WS.value() + "/k1").expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
    }

    @Test
    void aRepeatAfterTheFirstCompleted_replaysItsAnswer() {
        service.begin(WS, "k1", BODY_A);
        service.complete(WS, "k1", 201, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));

        Decision repeat = service.begin(WS, "k1", BODY_A);

        assertThat(repeat).isInstanceOfSatisfying(Decision.Replay.class, r -> {
            assertThat(r.status()).isEqualTo(201);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        });
    }

    @Test
    void theSameKeyWithAnotherRequest_isAMismatch_whileAnotherWorkspaceMayUseIt() {
        service.begin(WS, "k1", BODY_A);
        service.complete(WS, "k1", 201, new byte[0]);

        assertThat(service.begin(WS, "k1", BODY_B)).isInstanceOf(Decision.Mismatch.class);
        assertThat(service.begin(OTHER, "k1", BODY_B)).isInstanceOf(Decision.Proceed.class);
    }

    @Test
    void aRepeatWhileTheFirstRuns_waitsForItsAnswer() {
        service.begin(WS, "k1", BODY_A);
        records.onFind(() -> {
            if (records.finds() == 3) { // the first request finishes while the repeat polls
                service.complete(WS, "k1", 200, "done".getBytes(StandardCharsets.UTF_8));
            }
        });

        assertThat(service.begin(WS, "k1", BODY_A)).isInstanceOf(Decision.Replay.class);
        assertThat(records.finds()).isEqualTo(3);
    }

    @Test
    void aRepeatWhileTheFirstRunsTooLong_isInProgressAfterTheWait() {
        service.begin(WS, "k1", BODY_A);
        records.onFind(() -> clock.advance(Duration.ofSeconds(1)));

        assertThat(service.begin(WS, "k1", BODY_A)).isInstanceOf(Decision.InProgress.class);
        assertThat(clock.instant()).isAfterOrEqualTo(NOW.plus(IdempotencyService.WAIT));
        assertThat(records.finds()).isBetween(5, 7);
    }

    @Test
    void aKeyHeldByARequestThatDied_isTakenOverOnceStale() {
        service.begin(WS, "k1", BODY_A);
        clock.advance(IdempotencyService.STALE.plusSeconds(1));

        assertThat(service.begin(WS, "k1", BODY_A)).isInstanceOf(Decision.Proceed.class);
        assertThat(records.rows().get(WS.value() + "/k1").lockedAt()).isEqualTo(clock.instant());
    }

    @Test
    void anExpiredRecord_isTakenOver_evenForAnotherRequest() {
        service.begin(WS, "k1", BODY_A);
        service.complete(WS, "k1", 201, new byte[0]);
        clock.advance(Duration.ofHours(25));

        assertThat(service.begin(WS, "k1", BODY_B)).isInstanceOf(Decision.Proceed.class);
        assertThat(records.rows().get(WS.value() + "/k1").hash()).isEqualTo(BODY_B);
    }

    @Test
    void anAbandonedKey_letsTheRetryRunAgain() {
        service.begin(WS, "k1", BODY_A);
        service.abandon(WS, "k1");

        assertThat(records.rows()).isEmpty();
        assertThat(service.begin(WS, "k1", BODY_A)).isInstanceOf(Decision.Proceed.class);
    }

    @Test
    void aRecordDeletedBetweenClaimAndLookup_isClaimedAgain() {
        service.begin(WS, "k1", BODY_A);
        records.onFind(records::clear); // purged or abandoned in between

        assertThat(service.begin(WS, "k1", BODY_A)).isInstanceOf(Decision.Proceed.class);
    }

    @Test
    void purge_deletesOnlyExpiredRecords() {
        service.begin(WS, "old", BODY_A);
        clock.advance(Duration.ofHours(23));
        service.begin(WS, "young", BODY_A);
        clock.advance(Duration.ofHours(2));

        assertThat(service.purgeExpired()).isEqualTo(1);
        assertThat(records.rows()).containsOnlyKeys(WS.value() + "/young");
    }
}
