package io.privacykit.mail;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who PrivacyKit's messages come from ({@code privacy.mail.from}): an address and, optionally, the
 * display name a mail client shows beside it.
 *
 * @param address the sender's address, such as {@code privacy@example.com}: ASCII, RFC 5322 dot-atom form
 * @param name    the display name, such as {@code Example Privacy Team}; any Unicode text of one line
 */
public record MailSender(String address, Optional<String> name) {

    /** An ASCII RFC 5322 dot-atom address (section 3.4.1, no quoted local part, no domain literal). */
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");
    /** {@code Display Name <address>}, the name optionally in double quotes. */
    private static final Pattern NAMED = Pattern.compile("(.*?)\\s*<([^<>]*)>");
    private static final int MAX_NAME_LENGTH = 100;

    public MailSender {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(name, "name");
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("not a single e-mail address: " + address);
        }
        if (name.isPresent()) {
            String n = name.get();
            if (n.isBlank() || n.length() > MAX_NAME_LENGTH || n.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("a display name is one line of at most " + MAX_NAME_LENGTH
                        + " characters");
            }
        }
    }

    /** A sender without a display name. */
    public static MailSender of(String address) {
        return new MailSender(address, Optional.empty());
    }

    /**
     * Reads {@code privacy@example.com} or {@code Example Privacy <privacy@example.com>} (the name
     * may be in double quotes).
     *
     * @throws IllegalArgumentException when {@code text} is neither
     */
    public static MailSender parse(String text) {
        String trimmed = text.strip();
        Matcher named = NAMED.matcher(trimmed);
        if (!named.matches()) {
            return of(trimmed);
        }
        String name = named.group(1).strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1).strip();
        }
        if (name.indexOf('"') >= 0) {
            throw new IllegalArgumentException("a display name without quotes inside: " + name);
        }
        return new MailSender(named.group(2).strip(), name.isEmpty() ? Optional.empty() : Optional.of(name));
    }

    /** {@code Name <address>}, or the address alone. */
    @Override
    public String toString() {
        return name.map(n -> n + " <" + address + ">").orElse(address);
    }
}
