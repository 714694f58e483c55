package ai.tuco.application.testing;

import ai.tuco.application.shared.port.out.InstanceFlags;
import java.util.HashSet;
import java.util.Set;

/** Flags set once per installation. */
public final class FakeInstanceFlags implements InstanceFlags {
    private final Set<String> set = new HashSet<>();

    @Override
    public boolean setOnce(String flag) {
        return set.add(flag);
    }

    public Set<String> set() {
        return Set.copyOf(set);
    }
}
