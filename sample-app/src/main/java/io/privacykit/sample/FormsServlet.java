package io.privacykit.sample;

import io.privacykit.collection.SourceKind;
import io.privacykit.collection.SubjectId;
import io.privacykit.communication.Channel;
import io.privacykit.communication.MessageKind;
import io.privacykit.servlet.Communication;
import io.privacykit.servlet.PrivacyContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;

/**
 * The sample's forms, each recording what it collects through {@link PrivacyContext}: signing up
 * (identifiers, for the account), the store locator (precise geolocation, which the US policy does
 * not declare: the conformance report shows it) and the newsletter (identifiers, for marketing).
 * Nothing is kept but the records.
 */
final class FormsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient SampleUsers users;

    FormsServlet(SampleUsers users) {
        this.users = users;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrivacyContext privacy = PrivacyContext.of(request);
        switch (request.getServletPath()) {
            case "/signup" -> {
                String email = request.getParameter("email");
                if (!isEmail(email)) {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST, "an e-mail address is required");
                    return;
                }
                // The e-mail address stands for the account here; the ledger and the records keep only keyed hashes.
                privacy.linkSubject(users.signUp(email, request.getParameter("name")).email());
                request.getSession(true).setAttribute(RightsPagesServlet.USER, email.strip().toLowerCase(java.util.Locale.ROOT));
                privacy.collected("identifiers", SourceKind.USER, "service");
            }
            case "/store-locator" -> {
                if (!isCoordinate(request.getParameter("lat"), 90) || !isCoordinate(request.getParameter("lon"), 180)) {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST, "lat and lon are required");
                    return;
                }
                privacy.collected(visitor(privacy), "geolocation", SourceKind.USER, "service");
            }
            case "/newsletter" -> {
                String email = request.getParameter("email");
                if (!isEmail(email)) {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST, "an e-mail address is required");
                    return;
                }
                // The opt-in is recorded only where the visitor ticked the box (an unticked box by default:
                // GDPR Art. 7 and recital 32); canSend then applies the visitor's regime to silence.
                SubjectId subscriber = privacy.subjectOf(email.strip());
                Communication mail = privacy.communication(subscriber);
                if ("yes".equals(request.getParameter("marketing"))) {
                    mail.optIn(Channel.EMAIL, "newsletter-form");
                }
                boolean subscribed = mail.canSend(MessageKind.MARKETING, Channel.EMAIL).allowed();
                if (subscribed) {
                    privacy.collected(subscriber, "identifiers", SourceKind.USER, "marketing");
                }
                response.setStatus(HttpServletResponse.SC_SEE_OTHER);
                response.setHeader("Location", subscribed ? "/?newsletter=subscribed" : "/?newsletter=not-subscribed");
                return;
            }
            default -> {
                response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such form");
                return;
            }
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", "/");
    }

    /** The visitor by consent id; a visitor who never chose gets a throwaway id. */
    private static SubjectId visitor(PrivacyContext privacy) {
        return privacy.subjectOf(privacy.consentId().orElseGet(() -> UUID.randomUUID().toString()));
    }

    private static boolean isEmail(String email) {
        return email != null && email.length() <= 254 && email.strip().indexOf('@') > 0;
    }

    private static boolean isCoordinate(String text, double limit) {
        try {
            double value = Double.parseDouble(text);
            return Math.abs(value) <= limit;
        } catch (NullPointerException | NumberFormatException e) {
            return false;
        }
    }
}
