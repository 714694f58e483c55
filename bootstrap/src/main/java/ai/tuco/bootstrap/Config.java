package ai.tuco.bootstrap;

import ai.tuco.adapters.delivery.net.NetworkPolicy;
import ai.tuco.adapters.persistence.postgres.PostgresDataSources;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The service's configuration, read once from environment variables (the table in the README). Every value is
 * checked here, so a bad one stops the service at start with one line naming the variable.
 */
public record Config(
        int port,
        Optional<PostgresDataSources.Target> database,
        int poolSize,
        Path dataDir,
        boolean demo,
        Optional<byte[]> secretKey,
        List<byte[]> previousSecretKeys,
        String publicUrl,
        Optional<String> clerkJwksUrl,
        Optional<String> clerkPemPublicKey,
        List<String> clerkAuthorizedParties,
        boolean clerkAutoProvision,
        int rateLimitPerMinute,
        boolean dispatchEnabled,
        int dispatchThreads,
        int dispatchBatch,
        int dispatchPerLine,
        Duration dispatchClaimSpan,
        int maxSendAttempts,
        Duration readCacheTtl,
        Optional<Duration> auditRetention,
        Optional<String> metricsToken,
        int exportPageSize,
        NetworkPolicy allowPrivateNetworks,
        boolean webhookAllowHttp,
        Optional<Path> pluginsDir,
        int acceptWriters,
        int acceptBatchMax,
        Duration acceptLinger) {

    public boolean embedded() {
        return database.isEmpty();
    }

    public static Config from(Map<String, String> env) {
        Reader r = new Reader(env);
        int port = r.integer("TUCO_PORT", 8080, 0, 65535);
        Optional<PostgresDataSources.Target> database = r.get("TUCO_DATABASE_URL").map(url -> {
            try {
                return PostgresDataSources.parse(url, r.get("TUCO_DATABASE_USER"), r.get("TUCO_DATABASE_PASSWORD"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("TUCO_DATABASE_URL", e.getMessage());
            }
        });
        int poolSize = r.integer("TUCO_DATABASE_POOL_SIZE", 10, 1, 1000);
        Path dataDir = r.get("TUCO_DATA_DIR").map(Path::of).orElse(Path.of("tuco-data"));
        boolean demo = r.bool("TUCO_DEMO", database.isEmpty());
        // "current,previous,...": values sealed with a previous key stay readable after a rotation
        List<byte[]> keys = r.get("TUCO_SECRET_KEY").map(v -> java.util.Arrays.stream(v.split(","))
                .map(String::strip).filter(k -> !k.isEmpty()).map(Config::secretKey).toList()).orElse(List.of());
        Optional<byte[]> secretKey = keys.stream().findFirst();
        List<byte[]> previousKeys = keys.isEmpty() ? List.of() : keys.subList(1, keys.size());
        String publicUrl = r.get("TUCO_PUBLIC_URL").map(u -> url("TUCO_PUBLIC_URL", u)).orElse("http://localhost:" + port);
        Optional<String> jwks = r.get("TUCO_CLERK_JWKS_URL").map(u -> url("TUCO_CLERK_JWKS_URL", u));
        Optional<String> pem = r.get("TUCO_CLERK_PEM_PUBLIC_KEY");
        List<String> parties = r.get("TUCO_CLERK_AUTHORIZED_PARTIES")
                .map(s -> List.of(s.split("\\s*,\\s*")))
                .orElse(List.of());
        boolean autoProvision = r.bool("TUCO_CLERK_AUTO_PROVISION", false);
        int rate = r.integer("TUCO_RATE_LIMIT_PER_MINUTE", 6000, 1, 10_000_000);
        boolean dispatch = r.bool("TUCO_DISPATCH_ENABLED", true);
        int threads = r.integer("TUCO_DISPATCH_THREADS", 2, 1, 256);
        // messages one dispatcher claims at a time, at most from one line, and about how long a line's share of a
        // claim takes to send (0: every line gives the most) (ADR 32)
        int dispatchBatch = r.integer("TUCO_DISPATCH_BATCH", 50, 1, 1000);
        int dispatchPerLine = r.integer("TUCO_DISPATCH_PER_LINE", 50, 1, 1000);
        Duration dispatchClaimSpan = Duration.ofMillis(r.integer("TUCO_DISPATCH_CLAIM_SPAN_MILLIS", 1000, 0, 60_000));
        int attempts = r.integer("TUCO_MAX_SEND_ATTEMPTS", 5, 1, 100);
        Duration readCache = Duration.ofMillis(r.integer("TUCO_READ_CACHE_MILLIS", 1000, 0, 60_000));
        // unset: audit rows are kept forever
        Optional<Duration> auditRetention = r.get("TUCO_AUDIT_RETENTION_DAYS")
                .map(v -> Duration.ofDays(r.integer("TUCO_AUDIT_RETENTION_DAYS", 0, 1, 36_500)));
        Optional<String> metricsToken = r.get("TUCO_METRICS_TOKEN").map(Config::metricsToken);
        int exportPageSize = r.integer("TUCO_EXPORT_PAGE_SIZE", 2000, 1, 10_000);
        NetworkPolicy allowPrivateNetworks = networkPolicy(r.get("TUCO_ALLOW_PRIVATE_NETWORKS").orElse(null));
        // development only: webhook URLs may be plain http
        boolean webhookAllowHttp = r.bool("TUCO_WEBHOOK_ALLOW_HTTP", false);
        Optional<Path> pluginsDir = r.get("TUCO_PLUGINS_DIR").map(Config::pluginsDir);
        // group commit (ADR 22): accepting transactions written at once, accepts per transaction, wait for a fuller one
        int acceptWriters = r.integer("TUCO_ACCEPT_WRITERS", 1, 1, 64);
        int acceptBatchMax = r.integer("TUCO_ACCEPT_BATCH_MAX", 200, 1, 1000);
        Duration acceptLinger = Duration.ofNanos(1000L * r.integer("TUCO_ACCEPT_LINGER_MICROS", 0, 0, 100_000));
        return new Config(port, database, poolSize, dataDir, demo, secretKey, previousKeys, publicUrl, jwks, pem, parties, autoProvision, rate,
                dispatch, threads, dispatchBatch, dispatchPerLine, dispatchClaimSpan, attempts, readCache, auditRetention, metricsToken, exportPageSize,
                allowPrivateNetworks, webhookAllowHttp, pluginsDir, acceptWriters, acceptBatchMax, acceptLinger);
    }

    /** A directory of provider plugin jars; it must exist (a typo would silently load nothing). */
    private static Path pluginsDir(String value) {
        Path dir;
        try {
            dir = Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException("TUCO_PLUGINS_DIR", "is not a valid path: '" + value + "'");
        }
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new ConfigException("TUCO_PLUGINS_DIR", "must be an existing directory, got '" + value + "'");
        }
        return dir;
    }

    /** A bearer token: visible ASCII without spaces, so it survives an Authorization header unchanged. */
    private static String metricsToken(String value) {
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ConfigException("TUCO_METRICS_TOKEN", "must be printable ASCII without spaces");
        }
        return value;
    }

    /** The exceptions to the outbound SSRF guard: CIDRs, IPs and hostnames, or true (ADR 13). */
    private static NetworkPolicy networkPolicy(String value) {
        try {
            return NetworkPolicy.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("TUCO_ALLOW_PRIVATE_NETWORKS", e.getMessage()
                    + " (expected comma-separated CIDR ranges, IP addresses or hostnames, or true)");
        }
    }

    private static byte[] secretKey(String value) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("TUCO_SECRET_KEY", "must be base64 (for example: openssl rand -base64 32)");
        }
        if (key.length != 32) {
            throw new ConfigException("TUCO_SECRET_KEY", "must be base64 of exactly 32 bytes, got " + key.length + " bytes");
        }
        return key;
    }

    private static String url(String name, String value) {
        try {
            URI uri = new URI(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(value, "expected an http(s) URL");
            }
            return value;
        } catch (URISyntaxException e) {
            throw new ConfigException(name, "must be an http(s) URL, got '" + value + "'");
        }
    }

    /** Reads variables; blank counts as unset. */
    private record Reader(Map<String, String> env) {
        Optional<String> get(String name) {
            String v = env.get(name);
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
        }

        int integer(String name, int defaultValue, int min, int max) {
            return get(name).map(v -> {
                try {
                    int n = Integer.parseInt(v);
                    if (n < min || n > max) {
                        throw new ConfigException(name, "must be between " + min + " and " + max + ", got " + v);
                    }
                    return n;
                } catch (NumberFormatException e) {
                    throw new ConfigException(name, "must be a whole number, got '" + v + "'");
                }
            }).orElse(defaultValue);
        }

        boolean bool(String name, boolean defaultValue) {
            return get(name).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on" -> true;
                case "false", "0", "no", "off" -> false;
                default -> throw new ConfigException(name, "must be true or false, got '" + v + "'");
            }).orElse(defaultValue);
        }
    }
}
