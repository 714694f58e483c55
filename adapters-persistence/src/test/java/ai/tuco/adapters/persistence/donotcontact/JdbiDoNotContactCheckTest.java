package ai.tuco.adapters.persistence.donotcontact;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.donotcontact.port.out.DoNotContactCheck;
import ai.tuco.domain.lead.DoNotContact;
import ai.tuco.domain.shared.DoNotContactId;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link DoNotContactCheck} contract on PostgreSQL. */
class JdbiDoNotContactCheckTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static final WorkspaceId WS = new WorkspaceId("a30000000000000000000001");
    static final WorkspaceId OTHER_WS = new WorkspaceId("a30000000000000000000002");

    final DoNotContactCheck check = new JdbiDoNotContactCheck(db.jdbi());

    @BeforeAll
    static void listSomeAddresses() {
        for (WorkspaceId ws : List.of(WS, OTHER_WS)) {
            db.exec("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (?, 'check', now(), now())", ws.value());
        }
        var repository = new JdbiDoNotContactRepository(db.jdbi());
        Instant at = Instant.parse("2026-04-03T10:00:00Z");
        repository.insert(new DoNotContact(new DoNotContactId("a40000000000000000000001"), WS,
                Optional.of(new E164Phone("+12025550951")), Optional.empty(), "", "api", at));
        repository.insert(new DoNotContact(new DoNotContactId("a40000000000000000000002"), WS, Optional.empty(),
                Optional.of(new EmailAddress("stop@example.com")), "", "api", at));
        repository.insert(new DoNotContact(new DoNotContactId("a40000000000000000000003"), OTHER_WS,
                Optional.of(new E164Phone("+12025550952")), Optional.empty(), "", "api", at));
    }

    @Test
    void listedPhonesAndEmails_blocked_areReturnedAsGiven_emailsMatchedWhateverTheirCase() {
        assertThat(check.blocked(WS, List.of("+12025550951", "Stop@Example.COM", "+12025550959", "go@example.com")))
                .containsExactlyInAnyOrder("+12025550951", "Stop@Example.COM");
    }

    @Test
    void anotherWorkspacesList_blocked_doesNotApply() {
        assertThat(check.blocked(WS, List.of("+12025550952"))).isEmpty();
        assertThat(check.blocked(OTHER_WS, List.of("+12025550952", "+12025550951"))).containsExactly("+12025550952");
    }

    @Test
    void noAddresses_blocked_isEmpty() {
        assertThat(check.blocked(WS, List.of())).isEmpty();
    }
}
