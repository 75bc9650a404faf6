package io.privacykit.sample;

import io.privacykit.jurisdiction.AgeGate;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.jurisdiction.MinorsOutcome;
import io.privacykit.jurisdiction.MinorsPurpose;
import io.privacykit.policy.Policy;
import io.privacykit.servlet.PrivacyContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * "About you": the visitor declares where they live and how old they are, as a signed-in person's
 * profile would, and the page shows what PrivacyKit then decides. The declarations go to
 * {@link PrivacyContext#declareResidence} and {@link PrivacyContext#declareAge}; the session keeps
 * them and {@link DeclaredVisitor} declares them again on every later page, so the declared
 * residence beats the address's location from then on. Like the home page, the answer sets one
 * cookie of each category, so what the filter lets through can be seen.
 */
final class AboutYouServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The page's path. */
    static final String PATH = "/about-you";
    /** The session attribute holding the declared residence ({@code US-CA}). */
    static final String RESIDENCE = "sample.residence";
    /** The session attribute holding the declared age (an {@link Integer}). */
    static final String AGE = "sample.age";

    private final transient Policy policy;

    AboutYouServlet(Policy policy) {
        this.policy = policy;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // DeclaredVisitor has already declared what the session holds.
        render(request, response, declaredAge(request.getSession(false)));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String residence = blankToNull(request.getParameter("residence"));
        String ageText = blankToNull(request.getParameter("age"));
        if (residence == null && ageText == null) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "declare a residence (such as US-CA), an age, or both");
            return;
        }
        OptionalInt age = OptionalInt.empty();
        if (ageText != null) {
            try {
                age = OptionalInt.of(Integer.parseInt(ageText));
            } catch (NumberFormatException e) {
                age = OptionalInt.of(-1);
            }
            if (age.getAsInt() < 0 || age.getAsInt() > 150) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, "age must be a whole number 0-150, not '" + ageText + "'");
                return;
            }
        }
        PrivacyContext privacy = PrivacyContext.of(request);
        if (residence != null) {
            try {
                // Checked before anything is declared or kept: a bad value changes nothing.
                privacy.declareResidence(residence.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
                return;
            }
        }
        age.ifPresent(privacy::declareAge);
        HttpSession session = request.getSession(true);
        if (residence != null) {
            session.setAttribute(RESIDENCE, residence.toUpperCase(Locale.ROOT));
        }
        age.ifPresent(a -> session.setAttribute(AGE, a));
        render(request, response, declaredAge(session));
    }

    private void render(HttpServletRequest request, HttpServletResponse response, OptionalInt age) throws IOException {
        // One cookie of each category, set after the declarations so that they are gated by them.
        response.addHeader("Set-Cookie", "lang=en; Path=/; Max-Age=31536000; SameSite=Lax");        // functionality
        Cookie ga = new Cookie("_ga", "GA1.1." + System.nanoTime());
        ga.setPath("/");
        ga.setMaxAge(63072000);
        response.addCookie(ga);                                                                     // performance
        response.addHeader("Set-Cookie", "_fbp=fb.1." + System.currentTimeMillis() + "; Path=/; Max-Age=7776000"); // advertising

        PrivacyContext privacy = PrivacyContext.of(request);
        Jurisdiction jurisdiction = privacy.jurisdiction();
        Optional<String> residence = Optional.ofNullable(request.getSession(false))
                .map(s -> (String) s.getAttribute(RESIDENCE));
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        out.println("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        out.println("<title>About you - PrivacyKit sample app</title>");
        out.println(privacy.headTags());
        out.println("<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}"
                + "td,th{padding:.25rem .75rem;text-align:left}</style></head><body>");
        out.println("<h1>About you</h1>");
        out.println("<p>US state laws protect residents wherever they browse from, and an address is only a guess."
                + " A signed-in person's declared residence and age decide instead.</p>");
        out.println("<form id=\"about-you\" method=\"post\" action=\"" + PATH + "\">"
                + "<label>Where you live <input name=\"residence\" list=\"places\" placeholder=\"US-CA\" value=\""
                + Html.escape(residence.orElse("")) + "\"></label> "
                + "<label>Your age <input name=\"age\" type=\"number\" min=\"0\" max=\"150\" value=\""
                + (age.isPresent() ? age.getAsInt() : "") + "\"></label> "
                + "<button type=\"submit\">Declare</button></form>");
        out.println("<datalist id=\"places\"><option value=\"US-CA\"><option value=\"US-CT\"><option value=\"US-MD\">"
                + "<option value=\"US-OR\"><option value=\"US-TX\"><option value=\"DE\"><option value=\"GB\">"
                + "<option value=\"BR\"><option value=\"CA-QC\"></datalist>");
        out.println("<p id=\"regime\" data-regime=\"" + jurisdiction.regime() + "\" data-source=\""
                + jurisdiction.location().source().code() + "\" data-place=\"" + Html.escape(place(jurisdiction))
                + "\">You are treated under <strong>" + Html.escape(jurisdiction.law()) + "</strong> ("
                + jurisdiction.regime() + ", " + jurisdiction.consentModel().code() + "), located in "
                + Html.escape(place(jurisdiction)) + " by " + jurisdiction.location().source().code() + ".</p>");
        if (age.isPresent()) {
            AgeGate gate = new AgeGate(policy.minimumAge());
            out.println("<table id=\"minors\"><tr><th>Use of your data at " + age.getAsInt() + "</th><th>Rule</th></tr>");
            for (MinorsPurpose purpose : MinorsPurpose.values()) {
                MinorsOutcome outcome = gate.decide(jurisdiction, age.getAsInt(), purpose);
                out.println("<tr data-purpose=\"" + purpose.code() + "\" data-outcome=\"" + code(outcome) + "\"><td>"
                        + purpose.code() + "</td><td>" + Html.escape(describe(outcome)) + "</td></tr>");
            }
            out.println("</table>");
        }
        out.println("<table id=\"categories\"><tr><th>Category</th><th>Allowed</th></tr>");
        policy.categories().forEach(c -> out.println("<tr data-category=\"" + c.name() + "\" data-allowed=\""
                + (privacy.isAllowed(c.name()) ? "yes" : "no") + "\"><td>" + c.name() + "</td><td>"
                + (privacy.isAllowed(c.name()) ? "yes" : "no") + "</td></tr>"));
        out.println("</table>");
        out.println("<p id=\"may-sell\" data-may-sell=\"" + privacy.maySell() + "\">The app "
                + (privacy.maySell() ? "may" : "may not") + " sell or share your personal information.</p>");
        privacy.mayAskToSellAgainFrom().ifPresent(when -> out.println("<p id=\"ask-again\" data-from=\"" + when
                + "\">You refused; the app asks again no earlier than " + when + ".</p>"));
        out.println("<p><a href=\"/\">Home</a> · <a href=\"#\" data-privacy-choices>Privacy choices</a></p>");
        out.println("</body></html>");
    }

    /** The outcome's short code, for the page's data attributes. */
    static String code(MinorsOutcome outcome) {
        if (outcome instanceof MinorsOutcome.Banned) {
            return "banned";
        }
        if (outcome instanceof MinorsOutcome.ConsentRequired required) {
            return "consent-" + required.by().name().toLowerCase(Locale.ROOT);
        }
        if (outcome instanceof MinorsOutcome.BelowMinimumAge) {
            return "below-minimum-age";
        }
        return "allowed";
    }

    private static String describe(MinorsOutcome outcome) {
        if (outcome instanceof MinorsOutcome.Banned banned) {
            return "banned under " + banned.underAge() + ", even with consent";
        }
        if (outcome instanceof MinorsOutcome.ConsentRequired required) {
            return required.by() == MinorsOutcome.Consenter.PARENT ? "a parent's consent under " + required.underAge()
                    : "only with your own opt-in under " + required.underAge();
        }
        if (outcome instanceof MinorsOutcome.BelowMinimumAge below) {
            return "the service is not for people under " + below.minimumAge();
        }
        return "no minors rule restricts it";
    }

    static OptionalInt declaredAge(HttpSession session) {
        Object age = session == null ? null : session.getAttribute(AGE);
        return age instanceof Integer a ? OptionalInt.of(a) : OptionalInt.empty();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String place(Jurisdiction jurisdiction) {
        if (jurisdiction.country() == null) {
            return "an unknown place";
        }
        return jurisdiction.region() == null ? jurisdiction.country()
                : jurisdiction.country() + "-" + jurisdiction.region();
    }
}
