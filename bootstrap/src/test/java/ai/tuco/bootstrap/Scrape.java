package ai.tuco.bootstrap;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Prometheus text exposition: each series ({@code name{labels}}) and its value. */
public record Scrape(Map<String, Double> series) {
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})?\\s+(\\S+)$");

    public static Scrape parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            series.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return new Scrape(series);
    }

    /** The sum over the series named {@code name} that carry every given label ({@code "status", "sent", ...}). */
    public double value(String name, String... labels) {
        return series.entrySet().stream()
                .filter(e -> nameOf(e.getKey()).equals(name) && hasLabels(e.getKey(), labels))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** Whether some series named {@code name} carries every given label. */
    public boolean has(String name, String... labels) {
        return series.keySet().stream().anyMatch(s -> nameOf(s).equals(name) && hasLabels(s, labels));
    }

    /** How many series have a name starting with {@code prefix}. */
    public long count(String prefix) {
        return series.keySet().stream().filter(s -> s.startsWith(prefix)).count();
    }

    private static String nameOf(String series) {
        int brace = series.indexOf('{');
        return brace < 0 ? series : series.substring(0, brace);
    }

    private static boolean hasLabels(String series, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            String label = labels[i] + "=\"" + labels[i + 1] + "\"";
            if (!series.contains("{" + label) && !series.contains("," + label)) {
                return false;
            }
        }
        return true;
    }
}
