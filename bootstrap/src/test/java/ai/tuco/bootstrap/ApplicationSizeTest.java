package ai.tuco.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What ArchUnit cannot see in class files: the application's sources stay readable in one sitting (no file over
 * {@value #MAX_LINES} lines) and a newcomer can scan each package folder (no folder over {@value #MAX_CLASSES} classes;
 * {@code port/in} and {@code port/out} count separately).
 */
class ApplicationSizeTest {
    static final int MAX_LINES = 300;
    static final int MAX_CLASSES = 15;
    private static final Path SOURCES = Paths.get("application", "src", "main", "java", "ai", "tuco", "application");

    private static Path root;

    @BeforeAll
    static void findSources() {
        // surefire runs in the module's folder, an IDE often in the project's: look upwards for the application module
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(SOURCES))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("no %s above %s", SOURCES, Paths.get("").toAbsolutePath()).isNotNull();
        root = dir.resolve(SOURCES);
    }

    private static List<Path> javaFiles() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    @Test
    void theApplicationHasSourcesToMeasure() {
        assertThat(javaFiles()).hasSizeGreaterThan(MAX_CLASSES);
    }

    @Test
    void noApplicationSource_isOverThreeHundredLines() {
        Map<String, Long> tooLong = new TreeMap<>();
        for (Path file : javaFiles()) {
            long n = lines(file);
            if (n > MAX_LINES) {
                tooLong.put(relative(file), n);
            }
        }
        assertThat(tooLong).as("files over %d lines", MAX_LINES).isEmpty();
    }

    @Test
    void noApplicationPackageFolder_holdsMoreThanFifteenClasses() {
        Map<String, Long> perFolder = javaFiles().stream()
                .collect(Collectors.groupingBy(f -> relative(f.getParent()), TreeMap::new, Collectors.counting()));
        assertThat(perFolder).as("classes per folder").isNotEmpty()
                .allSatisfy((folder, count) -> assertThat(count).as(folder).isLessThanOrEqualTo(MAX_CLASSES));
    }
}
