package ai.tuco.adapters.persistence.donotcontact;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.donotcontact.port.out.DoNotContactRepository.Page;
import ai.tuco.application.donotcontact.port.out.DoNotContactRepository;
import ai.tuco.domain.lead.DoNotContact;
import ai.tuco.domain.shared.DoNotContactId;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link DoNotContactRepository} contract on PostgreSQL; each test works in workspaces of its own. */
class JdbiDoNotContactRepositoryTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-04-02T10:00:00.456Z");

    final DoNotContactRepository entries = new JdbiDoNotContactRepository(db.jdbi());

    static WorkspaceId workspace() {
        WorkspaceId id = new WorkspaceId(String.format("a1%022x", SEQ.incrementAndGet()));
        db.exec("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (?, 'dnc test', now(), now())", id.value());
        return id;
    }

    static DoNotContact phone(WorkspaceId ws, String phone, String reason, int second) {
        return new DoNotContact(new DoNotContactId(String.format("a2%022x", SEQ.incrementAndGet())), ws,
                Optional.of(new E164Phone(phone)), Optional.empty(), reason, "api", T0.plusSeconds(second));
    }

    static DoNotContact email(WorkspaceId ws, String email, int second) {
        return new DoNotContact(new DoNotContactId(String.format("a2%022x", SEQ.incrementAndGet())), ws, Optional.empty(),
                Optional.of(new EmailAddress(email)), "", "stop_reply", T0.plusSeconds(second));
    }

    @Test
    void insertedEntries_findByAddress_returnsThem_andASecondEntryForAnAddressIsRefused() {
        WorkspaceId ws = workspace();
        DoNotContact byPhone = phone(ws, "+12025550901", "asked", 0);
        DoNotContact byEmail = email(ws, "stop@example.com", 1);

        assertThat(entries.insert(byPhone)).isTrue();
        assertThat(entries.insert(byEmail)).isTrue();
        assertThat(entries.insert(phone(ws, "+12025550901", "again", 2))).isFalse();
        assertThat(entries.insert(email(ws, "stop@example.com", 3))).isFalse();

        assertThat(entries.findByAddress(ws, byPhone.phone(), Optional.empty())).contains(byPhone);
        assertThat(entries.findByAddress(ws, Optional.empty(), byEmail.email())).contains(byEmail);
        assertThat(entries.findByAddress(ws, Optional.of(new E164Phone("+12025550909")), Optional.empty())).isEmpty();
    }

    @Test
    void theSameAddressInAnotherWorkspace_isItsOwnEntry() {
        WorkspaceId ws = workspace();
        WorkspaceId other = workspace();
        assertThat(entries.insert(phone(ws, "+12025550911", "", 0))).isTrue();

        assertThat(entries.findByAddress(other, Optional.of(new E164Phone("+12025550911")), Optional.empty())).isEmpty();
        assertThat(entries.insert(phone(other, "+12025550911", "", 0))).isTrue();
    }

    @Test
    void delete_removesOnlyTheWorkspacesEntry() {
        WorkspaceId ws = workspace();
        WorkspaceId other = workspace();
        DoNotContact mine = phone(ws, "+12025550921", "", 0);
        DoNotContact theirs = phone(other, "+12025550922", "", 0);
        entries.insert(mine);
        entries.insert(theirs);

        assertThat(entries.delete(ws, theirs.id())).isFalse();
        assertThat(entries.delete(ws, new DoNotContactId("ffffffffffffffffffffffff"))).isFalse();
        assertThat(entries.delete(ws, mine.id())).isTrue();
        assertThat(entries.delete(ws, mine.id())).isFalse();
        assertThat(entries.findByAddress(ws, mine.phone(), Optional.empty())).isEmpty();
        assertThat(entries.findByAddress(other, theirs.phone(), Optional.empty())).contains(theirs);
    }

    @Test
    void list_pagesNewestFirstWithTheTotal_andSearchesPhoneEmailAndReason() {
        WorkspaceId ws = workspace();
        List<DoNotContact> five = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            DoNotContact e = phone(ws, "+1202555093" + i, i == 2 ? "Asked by PHONE" : "", i);
            entries.insert(e);
            five.add(0, e);
        }
        DoNotContact mail = email(ws, "quiet@example.com", 10);
        entries.insert(mail);
        five.add(0, mail);
        entries.insert(phone(workspace(), "+12025550939", "", 0));

        List<DoNotContact> seen = new ArrayList<>();
        for (int offset = 0; offset < 6; offset += 2) {
            Page page = entries.list(ws, Optional.empty(), offset, 2);
            assertThat(page.total()).isEqualTo(5);
            seen.addAll(page.entries());
        }
        assertThat(seen).containsExactlyElementsOf(five);

        assertThat(entries.list(ws, Optional.of("5550931"), 0, 10).entries()).extracting(e -> e.phone().orElseThrow().value())
                .containsExactly("+12025550931");
        assertThat(entries.list(ws, Optional.of("QUIET"), 0, 10).entries()).containsExactly(mail);
        Page byReason = entries.list(ws, Optional.of("asked by phone"), 0, 10);
        assertThat(byReason.entries()).extracting(DoNotContact::reason).containsExactly("Asked by PHONE");
        assertThat(byReason.total()).isEqualTo(1);
    }
}
