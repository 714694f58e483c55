package ai.tuco.bootstrap;

import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.LineContexts;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.WorkspaceId;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * INTERIM (branch {@code hooks} only): stands in for the provider directory and the line contexts the provider core
 * binds (issue 13, {@code core}), so this branch runs on its own. No provider is loaded, a line's configuration opens
 * empty, and its callback token is an HMAC of its id. The merge drops this module for the core's bindings.
 */
final class InterimProviderSpiModule extends AbstractModule {
    private final String publicUrl;
    private final Optional<byte[]> secretKey;

    InterimProviderSpiModule(String publicUrl, Optional<byte[]> secretKey) {
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.secretKey = secretKey;
    }

    @Provides @Singleton ProviderDirectory providers() {
        return new ProviderDirectory() {
            @Override
            public Optional<MessagingProvider> find(String name) {
                return Optional.empty();
            }

            @Override
            public Collection<MessagingProvider> all() {
                return List.of();
            }
        };
    }

    @Provides @Singleton LineContexts contexts(Jdbi jdbi, LineRepository lines) {
        byte[] key = secretKey.orElseGet(() -> {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            return b;
        });
        return new LineContexts() {
            @Override
            public LineContext open(Line line) {
                return new LineContext(line, Map.of(),
                        URI.create(publicUrl + "/hooks/" + line.provider().wireName() + "/" + line.id().value()),
                        token(key, line.id()));
            }

            @Override
            public Optional<LineContext> open(LineId lineId) {
                return jdbi.withHandle(h -> h.createQuery("SELECT workspace_id FROM lines WHERE id = :id")
                                .bind("id", lineId.value()).mapTo(String.class).findOne())
                        .flatMap(ws -> lines.findById(new WorkspaceId(ws), lineId))
                        .map(this::open);
            }
        };
    }

    static String token(byte[] key, LineId line) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] d = mac.doFinal(("callback-token:" + line.value()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
