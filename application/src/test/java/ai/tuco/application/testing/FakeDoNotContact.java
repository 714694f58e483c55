package ai.tuco.application.testing;

import ai.tuco.application.donotcontact.port.out.DoNotContactCheck;
import ai.tuco.domain.shared.WorkspaceId;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** A do-not-contact list of addresses (any workspace). */
public final class FakeDoNotContact implements DoNotContactCheck {
    private final Set<String> blocked = new HashSet<>();

    public void block(String address) {
        blocked.add(address);
    }

    @Override
    public Set<String> blocked(WorkspaceId workspaceId, Collection<String> addresses) {
        return addresses.stream().filter(blocked::contains).collect(Collectors.toSet());
    }
}
