package ai.tuco.domain.reply;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a reply says about being contacted again: the opt-out keyword rule. A reply whose whole text, trimmed and
 * case-folded (runs of white space count as one space), is one of {@link #STOP_WORDS} opts its sender out; one of
 * {@link #START_WORDS} opts them back in. Anything longer ("please stop texting me") is an ordinary reply: carriers
 * and providers use the same whole-message rule, so what we list and what the carrier blocks agree. A provider's own
 * classification (Twilio's {@code OptOutType}) wins over the text.
 *
 * @param keyword the keyword that decided (upper case), or the provider's class as {@code provider:STOP}
 */
public record OptOut(Kind kind, String keyword) {

    public enum Kind { OPT_OUT, OPT_IN }

    public static final Set<String> STOP_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
            "REVOKE", "OPTOUT", "OPT OUT", "REMOVE ME", "DO NOT CONTACT");
    public static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "YES");

    public OptOut {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(keyword, "keyword");
    }

    /**
     * @param text     the reply's text as received
     * @param provider the provider's own opt-out class for this reply, if it made one; it overrides the text
     */
    public static Optional<OptOut> of(String text, Optional<Kind> provider) {
        if (provider.isPresent()) {
            return Optional.of(new OptOut(provider.get(), "provider:" + (provider.get() == Kind.OPT_OUT ? "STOP" : "START")));
        }
        String folded = fold(text);
        if (STOP_WORDS.contains(folded)) {
            return Optional.of(new OptOut(Kind.OPT_OUT, folded));
        }
        if (START_WORDS.contains(folded)) {
            return Optional.of(new OptOut(Kind.OPT_IN, folded));
        }
        return Optional.empty();
    }

    static String fold(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    /** The do-not-contact reason for an opt-out: it names the keyword. */
    public String reason() {
        return keyword.startsWith("provider:")
                ? "Opted out by reply (the provider classified it as " + keyword.substring("provider:".length()) + ")"
                : "Opted out by reply \"" + keyword + "\"";
    }
}
