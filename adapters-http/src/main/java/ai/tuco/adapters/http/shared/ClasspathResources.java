package ai.tuco.adapters.http.shared;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Files shipped inside the jar (static pages, webjars), read once at start; a missing one stops the start. */
public final class ClasspathResources {
    private ClasspathResources() {}

    /** A webjar's version, read from its own metadata so the pom is the one place it is named. */
    public static String webjarVersion(String group, String artifact) {
        Properties p = new Properties();
        try (InputStream in = stream("META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    public static byte[] bytes(String name) {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream stream(String name) {
        InputStream in = ClasspathResources.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing from the classpath: " + name);
        }
        return in;
    }
}
