package ai.tuco.application.testing;

import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.LineContexts;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.LineId;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** Opens a line with the configuration {@link FakeLines} stored for it (empty when none), or fails when told to. */
public final class FakeLineContexts implements LineContexts {
    private final FakeLines lines;
    private volatile boolean broken;

    public FakeLineContexts(FakeLines lines) {
        this.lines = lines;
    }

    /** Opening fails from now on (a key that no longer opens the sealed value). */
    public void breakIt() {
        broken = true;
    }

    @Override
    public LineContext open(Line line) {
        if (broken) {
            throw new IllegalStateException("no key to decrypt with");
        }
        return new LineContext(line, lines.configs().getOrDefault(line.id(), Map.of()),
                URI.create("https://tuco.test/hooks/" + line.provider().name() + "/" + line.id().value()), "token-" + line.id().value());
    }

    @Override
    public Optional<LineContext> open(LineId lineId) {
        return lines.rows().values().stream().filter(l -> l.id().equals(lineId)).findFirst().map(this::open);
    }
}
