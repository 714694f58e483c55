package ai.tuco.application.donotcontact.port.out;

import ai.tuco.domain.shared.WorkspaceId;
import java.util.Collection;
import java.util.Set;

/** Reads the workspace's do-not-contact list. */
public interface DoNotContactCheck {
    /** The addresses among {@code addresses} (E.164 phones or lower-case emails) that must not be messaged. */
    Set<String> blocked(WorkspaceId workspaceId, Collection<String> addresses);
}
