package ai.tuco.adapters.persistence.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.postgres.TestRows;
import ai.tuco.application.dispatch.port.out.MessageLookup;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The MessageLookup port's contract on PostgreSQL: finds a message of any workspace and locks it. */
class JdbiMessageLookupTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    private final TestRows rows = new TestRows(db);
    private final MessageLookup lookup = new JdbiMessageLookup(db.jdbi());

    private String sentMessage(String externalId) {
        String ws = rows.workspace();
        String id = rows.message(ws, rows.line(ws), rows.lead(ws), "sent", NOW);
        db.exec("UPDATE messages SET external_message_id = ? WHERE id = ?", externalId, id);
        return id;
    }

    @Test
    void messagesOfAnyWorkspace_findForUpdate_findsThemById() {
        String first = sentMessage("ext-a1");
        String second = sentMessage("ext-a2");

        Message m = lookup.findForUpdate(new MessageId(first)).orElseThrow();
        assertThat(m.id().value()).isEqualTo(first);
        assertThat(m.status()).isEqualTo(MessageStatus.SENT);
        assertThat(m.externalMessageId()).contains("ext-a1");
        assertThat(lookup.findForUpdate(new MessageId(second)).orElseThrow().workspaceId()).isNotEqualTo(m.workspaceId());
    }

    @Test
    void anUnknownId_findForUpdate_isEmpty() {
        assertThat(lookup.findForUpdate(new MessageId(TestRows.newId()))).isEmpty();
    }

    @Test
    void theProvidersId_findForUpdateByExternalId_findsTheMessage() {
        String id = sentMessage("ext-b1");

        assertThat(lookup.findForUpdateByExternalId("ext-b1")).map(m -> m.id().value()).contains(id);
        assertThat(lookup.findForUpdateByExternalId("ext-unknown")).isEmpty();
    }

    @Test
    void theSameProviderIdOnTwoLines_theLineScopedLookup_findsOnlyTheLinesMessage() {
        String ws = rows.workspace();
        String lineA = rows.line(ws);
        String lineB = rows.line(rows.workspace());
        String onA = rows.message(ws, lineA, rows.lead(ws), "sent", NOW);
        db.exec("UPDATE messages SET external_message_id = 'SM-same' WHERE id = ?", onA);

        assertThat(lookup.findForUpdateByExternalId(new LineId(lineA), "SM-same")).map(m -> m.id().value()).contains(onA);
        assertThat(lookup.findForUpdateByExternalId(new LineId(lineB), "SM-same"))
                .as("another line's provider account may use the same id: never its message").isEmpty();
        assertThat(lookup.findForUpdateByExternalId(new LineId(lineA), "SM-other")).isEmpty();
    }

    @Test
    void insideATransaction_findForUpdate_locksTheRowUntilItEnds() {
        String id = sentMessage("ext-c1");
        Jdbi other = Jdbi.create(db.dataSource());

        db.jdbi().useTransaction(tx -> {
            assertThat(lookup.findForUpdate(new MessageId(id))).isPresent();
            try (Handle h = other.open()) {
                assertThatThrownBy(() -> h.createQuery("SELECT id FROM messages WHERE id = :id FOR UPDATE NOWAIT")
                        .bind("id", id).mapTo(String.class).one())
                        .hasMessageContaining("could not obtain lock");
            }
        });
        try (Handle h = other.open()) {
            assertThat(h.createQuery("SELECT id FROM messages WHERE id = :id FOR UPDATE NOWAIT")
                    .bind("id", id).mapTo(String.class).one()).isEqualTo(id);
        }
    }

    @Test
    void insideATransaction_findForUpdateByExternalId_locksTheRowToo() {
        String id = sentMessage("ext-d1");
        Jdbi other = Jdbi.create(db.dataSource());

        db.jdbi().useTransaction(tx -> {
            assertThat(lookup.findForUpdateByExternalId("ext-d1")).isPresent();
            try (Handle h = other.open()) {
                assertThatThrownBy(() -> h.createQuery("SELECT id FROM messages WHERE id = :id FOR UPDATE NOWAIT")
                        .bind("id", id).mapTo(String.class).one())
                        .hasMessageContaining("could not obtain lock");
            }
        });
    }
}
