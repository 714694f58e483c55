package ai.tuco.application.reply;

import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import java.util.Optional;

/** A sender's address as stored on leads and do-not-contact entries: E.164 for a phone, lower case for an email. */
record ReplyAddresses(Optional<E164Phone> phone, Optional<EmailAddress> email) {

    /** Empty when {@code raw} is neither a phone ({@code defaultRegion} reads national numbers) nor an email. */
    static Optional<ReplyAddresses> read(String raw, String defaultRegion, PhoneNormalizer phones) {
        String s = raw == null ? "" : raw.strip();
        if (s.isEmpty() || s.length() > 320) {
            return Optional.empty();
        }
        if (s.indexOf('@') >= 0) {
            return EmailAddress.isValid(s)
                    ? Optional.of(new ReplyAddresses(Optional.empty(), Optional.of(EmailAddress.parse(s))))
                    : Optional.empty();
        }
        return phones.normalize(s, defaultRegion).map(p -> new ReplyAddresses(Optional.of(p), Optional.empty()));
    }

    String value() {
        return phone.map(E164Phone::value).orElseGet(() -> email.orElseThrow().value());
    }
}
