package ai.tuco.application.shared;

import ai.tuco.application.shared.port.out.IdGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ObjectId-shaped ids: 4 bytes of seconds, 5 random bytes fixed per process, a 3-byte counter starting at a
 * random value. Unique across nodes without coordination; only roughly ordered, so lists never page by id alone.
 */
public final class ObjectIdGenerator implements IdGenerator {
    private static final HexFormat HEX = HexFormat.of();
    private final Clock clock;
    private final byte[] processPart = new byte[5];
    private final AtomicInteger counter;

    public ObjectIdGenerator(Clock clock) {
        this.clock = clock;
        SecureRandom random = new SecureRandom();
        random.nextBytes(processPart);
        counter = new AtomicInteger(random.nextInt(1 << 24));
    }

    @Override
    public String newId() {
        long seconds = clock.instant().getEpochSecond();
        int count = counter.getAndIncrement() & 0xFFFFFF;
        byte[] id = new byte[12];
        id[0] = (byte) (seconds >>> 24);
        id[1] = (byte) (seconds >>> 16);
        id[2] = (byte) (seconds >>> 8);
        id[3] = (byte) seconds;
        System.arraycopy(processPart, 0, id, 4, 5);
        id[9] = (byte) (count >>> 16);
        id[10] = (byte) (count >>> 8);
        id[11] = (byte) count;
        return HEX.formatHex(id);
    }
}
