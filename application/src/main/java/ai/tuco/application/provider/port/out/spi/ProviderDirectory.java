package ai.tuco.application.provider.port.out.spi;

import java.util.Collection;
import java.util.Optional;

/**
 * The providers this node has loaded (built in, then plugins from {@code TUCO_PLUGINS_DIR}), by name. A line's
 * {@code provider} must name one of them.
 */
public interface ProviderDirectory {

    Optional<MessagingProvider> find(String name);

    /** Every loaded provider, built-ins first, in load order. */
    Collection<MessagingProvider> all();
}
