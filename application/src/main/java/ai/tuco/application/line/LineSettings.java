package ai.tuco.application.line;

import ai.tuco.application.line.port.in.LineInput;
import ai.tuco.application.provider.port.out.ProviderConfigs;
import ai.tuco.application.provider.port.out.spi.ConfigField;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.LineRules;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.ObjectIds;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A line's settings as a create or a change leaves them. Reads the client's fields over the current line (none when
 * creating), normalises addresses through {@link PhoneNormalizer} and {@link EmailAddress}, and checks the model's
 * rules ({@link LineRules}) and the provider's configuration; every broken field is reported once, all together.
 *
 * @param config the new provider configuration, when one was given or the provider changed (always on create)
 */
record LineSettings(String name, Optional<E164Phone> phone, Optional<EmailAddress> email, String firstName,
        String lastName, boolean active, Set<Channel> channels, Provider provider, Optional<UserId> owner,
        int pacingSeconds, LineCaps caps, Optional<Map<String, String>> config) {

    Line toLine(LineId id, WorkspaceId workspaceId, Instant createdAt, Instant updatedAt) {
        return new Line(id, workspaceId, name, phone, email, firstName, lastName, active, channels, provider, owner,
                pacingSeconds, caps, createdAt, updatedAt);
    }

    /**
     * @param current the line being changed; empty when creating (provider and channels are then required)
     * @param region the workspace's default country, for phones typed without {@code +}
     * @throws UseCaseException INVALID with one item per broken field
     */
    static LineSettings check(Optional<Line> current, LineInput in, String region, PhoneNormalizer phones,
            ProviderDirectory providers) {
        List<FieldError> errors = new ArrayList<>();
        Optional<MessagingProvider> loaded = provider(current, in, providers, errors);
        Optional<Provider> provider = loaded.map(p -> new Provider(p.name()));
        Optional<Set<Channel>> channels = channels(current, in, errors);
        if (loaded.isPresent() && channels.isPresent()) {
            report(LineRules.channels(provider.get(), loaded.get().channels(), channels.get()), errors);
        }
        Optional<Map<String, String>> config = Optional.empty();
        boolean providerChanged = provider.isPresent() && current.map(l -> !l.provider().equals(provider.get())).orElse(true);
        if (loaded.isPresent() && (in.providerConfig().isPresent() || providerChanged)) {
            List<ConfigField.Problem> problems = new ArrayList<>();
            config = Optional.of(ProviderConfigs.validate(loaded.get(), in.providerConfig().orElse(Map.of()), problems));
            problems.forEach(p -> errors.add(new FieldError(p.field(), p.message())));
        }
        Optional<E164Phone> phone = current.flatMap(Line::phone);
        if (in.phone().isPresent()) {
            String raw = in.phone().get();
            phone = raw.isBlank() ? Optional.empty() : phones.normalize(raw, region);
            if (!raw.isBlank() && phone.isEmpty()) {
                errors.add(new FieldError("phone", "phone is not a valid phone number"));
            }
        }
        Optional<EmailAddress> email = current.flatMap(Line::email);
        if (in.email().isPresent()) {
            String raw = in.email().get();
            if (raw.isBlank()) {
                email = Optional.empty();
            } else if (EmailAddress.isValid(raw)) {
                email = Optional.of(EmailAddress.parse(raw));
            } else {
                errors.add(new FieldError("email", "email is not a valid email address"));
            }
        }
        if (errors.isEmpty()) { // a missing address is only worth saying once the rest is right
            report(LineRules.addresses(channels.orElseThrow(), phone.isPresent(), email.isPresent()), errors);
        }
        Optional<UserId> owner = current.flatMap(Line::ownerUserId);
        if (in.ownerUserId().isPresent()) {
            String raw = in.ownerUserId().get();
            if (raw.isEmpty()) {
                owner = Optional.empty();
            } else if (ObjectIds.isValid(raw)) {
                owner = Optional.of(new UserId(raw));
            } else {
                errors.add(new FieldError("ownerUserId", "ownerUserId must be a 24-character hex id"));
            }
        }
        LineCaps caps = current.map(Line::caps).orElse(LineCaps.DEFAULTS);
        int pacing = number(in, "pacingSeconds", current.map(Line::pacingSeconds).orElse(0), errors);
        int dailyNew = number(in, "dailyNewConversationsLimit", caps.dailyNewConversations(), errors);
        int dailyTotal = number(in, "dailyTotalMessagesLimit", caps.dailyTotalMessages(), errors);
        int hourlyNew = number(in, "hourlyNewConversationsLimit", caps.hourlyNewConversations(), errors);
        String name = text(in.name(), current.map(Line::name).orElse(""), "name", errors);
        String first = text(in.firstName(), current.map(Line::firstName).orElse(""), "firstName", errors);
        String last = text(in.lastName(), current.map(Line::lastName).orElse(""), "lastName", errors);
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        return new LineSettings(name, phone, email, first, last, in.isActive().orElse(current.map(Line::active).orElse(true)),
                channels.orElseThrow(), provider.orElseThrow(), owner, pacing, new LineCaps(dailyNew, dailyTotal, hourlyNew), config);
    }

    /**
     * The loaded provider the line will use. A line kept on a provider this node has not loaded (a plugin removed) can
     * still be changed in other fields only when it names its provider again once that provider is back.
     */
    private static Optional<MessagingProvider> provider(Optional<Line> current, LineInput in, ProviderDirectory providers,
            List<FieldError> errors) {
        String names = String.join(", ", providers.all().stream().map(MessagingProvider::name).toList());
        if (in.provider().isEmpty()) {
            if (current.isEmpty()) {
                errors.add(new FieldError("provider", "provider is required: " + names));
                return Optional.empty();
            }
            Optional<MessagingProvider> kept = providers.find(current.get().provider().name());
            if (kept.isEmpty()) {
                errors.add(new FieldError("provider", "provider " + current.get().provider().name()
                        + " is not loaded on this node; loaded: " + names));
            }
            return kept;
        }
        Optional<MessagingProvider> provider = Provider.fromWire(in.provider().get()).flatMap(p -> providers.find(p.name()));
        if (provider.isEmpty()) {
            errors.add(new FieldError("provider", "provider must be one of the loaded providers: " + names));
        }
        return provider;
    }

    /** @return the channels, or empty when they are missing or broken (the error is then in {@code errors}) */
    private static Optional<Set<Channel>> channels(Optional<Line> current, LineInput in, List<FieldError> errors) {
        if (in.channels().isEmpty()) {
            if (current.isEmpty()) {
                errors.add(new FieldError("channels", "channels is required: one or more of imessage, sms, email"));
            }
            return current.map(Line::channels);
        }
        List<String> given = in.channels().get();
        if (given.isEmpty()) {
            errors.add(new FieldError("channels", "channels must not be empty"));
            return Optional.empty();
        }
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        for (String wire : given) {
            Optional<Channel> channel = Channel.fromWire(wire);
            if (channel.isEmpty()) {
                errors.add(new FieldError("channels", "channels entries must be imessage, sms or email"));
                return Optional.empty();
            }
            channels.add(channel.get());
        }
        return Optional.of(channels);
    }

    private static int number(LineInput in, String field, int current, List<FieldError> errors) {
        Long value = in.numbers().get(field);
        if (value == null) {
            return current;
        }
        Optional<LineRules.Problem> problem = field.equals("pacingSeconds") ? LineRules.pacingSeconds(value) : LineRules.cap(field, value);
        report(problem, errors);
        return problem.isPresent() ? current : value.intValue();
    }

    private static String text(Optional<String> given, String current, String field, List<FieldError> errors) {
        if (given.isEmpty()) {
            return current;
        }
        report(LineRules.text(field, given.get()), errors);
        return given.get().strip();
    }

    private static void report(Optional<LineRules.Problem> problem, List<FieldError> errors) {
        problem.ifPresent(p -> errors.add(new FieldError(p.field(), p.message())));
    }
}
