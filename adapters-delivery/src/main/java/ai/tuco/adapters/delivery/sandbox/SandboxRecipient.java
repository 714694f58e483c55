package ai.tuco.adapters.delivery.sandbox;

import java.util.Locale;
import java.util.Map;

/** The sandbox's "magic" recipients: each reaches one path of the dispatch engine (see the README table). */
public enum SandboxRecipient {
    /** Sent, then delivered about a second later. */
    NORMAL,
    /** Refused for good: failed at once with the provider's code and text. */
    PERMANENT_FAILURE,
    /** Refused as retryable twice; the third try is accepted. */
    RETRY_TWICE,
    /** The availability check says the address cannot receive iMessage. */
    NO_IMESSAGE,
    /** Sent, then reported undelivered (failed) about a second later. */
    UNDELIVERED,
    /** Takes longer than the lease to answer, so the provider timeout cuts it off (nothing is sent). */
    SLOW;

    static final Map<String, SandboxRecipient> MAGIC = Map.ofEntries(
            Map.entry("+12025550101", PERMANENT_FAILURE),
            Map.entry("fail@sandbox.test", PERMANENT_FAILURE),
            Map.entry("+12025550102", RETRY_TWICE),
            Map.entry("retry@sandbox.test", RETRY_TWICE),
            Map.entry("+12025550103", NO_IMESSAGE),
            Map.entry("no-imessage@sandbox.test", NO_IMESSAGE),
            Map.entry("+12025550104", UNDELIVERED),
            Map.entry("undelivered@sandbox.test", UNDELIVERED),
            Map.entry("+12025550105", SLOW),
            Map.entry("slow@sandbox.test", SLOW));

    public static SandboxRecipient of(String address) {
        return MAGIC.getOrDefault(address.toLowerCase(Locale.ROOT), NORMAL);
    }
}
