package ai.tuco.bootstrap;

import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Channel;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers this node loaded, by name: the built-ins (bound with a Guice multibinder), then every
 * {@code MessagingProvider} that {@link ServiceLoader} finds in each {@code *.jar} of {@code TUCO_PLUGINS_DIR} (in name
 * order; each jar in its own class loader, child of the service's). A provider that cannot be used (its class is
 * missing, its constructor throws, its name is malformed or already taken, it declares no channel) is logged by name
 * and skipped: a broken plugin never stops the service. The list is logged once loaded.
 */
final class LoadedProviders implements ProviderDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedProviders.class);
    /** A jar whose services file names more broken entries than this is given up on. */
    private static final int MAX_ERRORS_PER_JAR = 100;

    private final Map<String, MessagingProvider> byName;

    private LoadedProviders(Map<String, MessagingProvider> byName) {
        this.byName = byName;
    }

    static LoadedProviders load(List<MessagingProvider> builtIns, Optional<Path> pluginsDir) {
        Map<String, MessagingProvider> loaded = new LinkedHashMap<>();
        for (MessagingProvider p : builtIns) {
            add(loaded, p, "built-in");
        }
        pluginsDir.ifPresent(dir -> jars(dir).forEach(jar -> loadJar(loaded, jar)));
        return new LoadedProviders(Collections.unmodifiableMap(loaded));
    }

    @Override
    public Optional<MessagingProvider> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Collection<MessagingProvider> all() {
        return byName.values();
    }

    private static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            LOG.warn("TUCO_PLUGINS_DIR {} is not a directory: no plugin loaded", dir);
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            LOG.warn("TUCO_PLUGINS_DIR {} cannot be listed ({}): no plugin loaded", dir, e.toString());
            return List.of();
        }
    }

    private static void loadJar(Map<String, MessagingProvider> loaded, Path jar) {
        String source = jar.getFileName().toString();
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("plugin:" + source, new URL[] {jar.toUri().toURL()}, MessagingProvider.class.getClassLoader());
        } catch (MalformedURLException e) {
            LOG.warn("plugin {} skipped: {}", source, e.toString());
            return;
        }
        Iterator<MessagingProvider> it = ServiceLoader.load(MessagingProvider.class, loader).iterator();
        int found = 0;
        for (int errors = 0; errors < MAX_ERRORS_PER_JAR; ) {
            MessagingProvider p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                errors++;
                LOG.warn("plugin {}: a provider was skipped: {}", source, describe(e));
                continue;
            }
            if (p.getClass().getClassLoader() != loader) {
                continue; // found through the parent: not this jar's
            }
            found++;
            add(loaded, p, source);
        }
        if (found == 0) {
            LOG.warn("plugin {} holds no usable MessagingProvider (META-INF/services/{})", source, MessagingProvider.class.getName());
        }
    }

    private static void add(Map<String, MessagingProvider> loaded, MessagingProvider p, String source) {
        String type = p.getClass().getName();
        String name;
        List<String> channels;
        try {
            name = p.name();
            channels = p.channels().stream().map(Channel::wireName).sorted().toList();
            p.configFields().size();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("provider {} from {} skipped: it failed to describe itself: {}", type, source, describe(e));
            return;
        }
        if (!Provider.isValid(name)) {
            LOG.warn("provider {} from {} skipped: its name must be 1 to 40 of a-z, 0-9 and -", type, source);
            return;
        }
        if (channels.isEmpty()) {
            LOG.warn("provider {} ({}) from {} skipped: it declares no channel", name, type, source);
            return;
        }
        if (loaded.containsKey(name)) {
            LOG.warn("provider {} ({}) from {} skipped: the name is taken by {}", name, type, source,
                    loaded.get(name).getClass().getName());
            return;
        }
        loaded.put(name, p);
        LOG.info("provider {} loaded from {}: channels {}", name, source, channels);
    }

    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            out.append("; caused by ").append(c);
        }
        return out.toString();
    }
}
