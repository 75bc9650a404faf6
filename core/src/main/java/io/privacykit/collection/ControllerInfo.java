package io.privacykit.collection;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is responsible for the processing ({@code privacy.controller.*}): the identity and contact
 * details of the controller, its data protection officer and representatives (GDPR Art. 13(1)(a)-(b),
 * Art. 27), registrations with authorities (such as Argentina's AAIP registry), its role, its
 * sub-processors and its international transfers with their safeguards (Art. 13(1)(f), Art. 28(2)).
 *
 * @param name            the legal name; empty when not stated
 * @param address         the postal address; empty when not stated
 * @param email           the privacy contact address; empty when not stated
 * @param phone           the contact telephone number; empty when not stated
 * @param role            controller or processor
 * @param dpoName         the data protection officer's name; empty when none is appointed
 * @param dpoEmail        the data protection officer's address; empty when none is appointed
 * @param representatives the representative of each territory (EU, UK, CH ...), as stated
 * @param registrations   registration numbers by country (ISO 3166 code)
 * @param subProcessors   the sub-processors, each with the country where it processes
 * @param transfers       the countries personal data goes to, each with its safeguard
 */
public record ControllerInfo(String name, String address, String email, String phone, Role role, String dpoName,
                             String dpoEmail, Map<String, String> representatives, Map<String, String> registrations,
                             List<SubProcessor> subProcessors, List<Transfer> transfers) {
    public ControllerInfo {
        name = Objects.requireNonNullElse(name, "");
        address = Objects.requireNonNullElse(address, "");
        email = Objects.requireNonNullElse(email, "");
        phone = Objects.requireNonNullElse(phone, "");
        Objects.requireNonNull(role, "role");
        dpoName = Objects.requireNonNullElse(dpoName, "");
        dpoEmail = Objects.requireNonNullElse(dpoEmail, "");
        representatives = Map.copyOf(representatives);
        registrations = Map.copyOf(registrations);
        subProcessors = List.copyOf(subProcessors);
        transfers = List.copyOf(transfers);
    }

    /** Nothing stated: a controller without name or contact. */
    public static ControllerInfo unstated() {
        return new ControllerInfo("", "", "", "", Role.CONTROLLER, "", "", Map.of(), Map.of(), List.of(), List.of());
    }

    /** The data protection officer, as "name &lt;email&gt;", when one is appointed (GDPR Art. 37-39). */
    public Optional<String> dpo() {
        if (dpoName.isEmpty() && dpoEmail.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(dpoEmail.isEmpty() ? dpoName : dpoName.isEmpty() ? dpoEmail : dpoName + " <" + dpoEmail + ">");
    }

    /** Whether the business processes as a controller or on a customer's behalf (GDPR Art. 4(7)-(8)). */
    public enum Role {
        /** Decides the purposes and means (GDPR Art. 4(7); a CCPA "business"). */
        CONTROLLER,
        /** Processes on a controller's behalf (GDPR Art. 4(8); a CCPA "service provider"). */
        PROCESSOR
    }

    /**
     * A sub-processor (GDPR Art. 28(2)).
     *
     * @param name    its name
     * @param country where it processes (ISO 3166 code)
     */
    public record SubProcessor(String name, String country) {
        public SubProcessor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(country, "country");
        }
    }

    /**
     * An international transfer (GDPR Art. 13(1)(f), Chapter V).
     *
     * @param country   the destination (ISO 3166 code)
     * @param safeguard what makes it lawful
     */
    public record Transfer(String country, TransferSafeguard safeguard) {
        public Transfer {
            Objects.requireNonNull(country, "country");
            Objects.requireNonNull(safeguard, "safeguard");
        }
    }
}
