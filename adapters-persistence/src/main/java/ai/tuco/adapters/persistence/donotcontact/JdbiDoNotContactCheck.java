package ai.tuco.adapters.persistence.donotcontact;

import ai.tuco.application.donotcontact.port.out.DoNotContactCheck;
import ai.tuco.domain.shared.WorkspaceId;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** Reads the do_not_contact table (written by the DNC API and STOP replies). */
public final class JdbiDoNotContactCheck implements DoNotContactCheck {
    private final Jdbi jdbi;

    public JdbiDoNotContactCheck(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Set<String> blocked(WorkspaceId workspaceId, Collection<String> addresses) {
        if (addresses.isEmpty()) {
            return Set.of();
        }
        Set<String> listed = jdbi.withHandle(h -> h.createQuery("""
                        SELECT coalesce(phone, lower(email)) FROM do_not_contact
                        WHERE workspace_id = :w AND (phone = ANY(:a) OR lower(email) = ANY(:a))""")
                .bind("w", workspaceId.value())
                .bind("a", addresses.stream().map(a -> a.contains("@") ? a.toLowerCase(Locale.ROOT) : a).toArray(String[]::new))
                .mapTo(String.class)
                .set());
        return addresses.stream().filter(a -> listed.contains(a.contains("@") ? a.toLowerCase(Locale.ROOT) : a))
                .collect(Collectors.toUnmodifiableSet());
    }
}
