package io.privacykit.sample;

import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.policy.Policy;
import io.privacykit.servlet.PrivacyContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.UUID;

/**
 * The home page. It sets one cookie of each category from the server, each in a different way
 * ({@code addCookie}, {@code addHeader}, {@code setHeader}), so that what PrivacyFilter lets
 * through can be seen with curl and in a browser; and it shows what the filter decided.
 */
final class HomeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Policy policy;

    HomeServlet(Policy policy) {
        this.policy = policy;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/".equals(request.getRequestURI())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such page");
            return;
        }
        // setHeader replaces every Set-Cookie so far, so it goes first.
        response.setHeader("Set-Cookie", "lang=en; Path=/; Max-Age=31536000; SameSite=Lax"); // functionality
        Cookie session = new Cookie("session", UUID.randomUUID().toString());
        session.setHttpOnly(true);
        session.setPath("/");
        response.addCookie(session);                                                          // necessary
        Cookie ga = new Cookie("_ga", "GA1.1." + Math.abs(UUID.randomUUID().getLeastSignificantBits()));
        ga.setPath("/");
        ga.setMaxAge(63072000);
        response.addCookie(ga);                                                               // performance
        response.addHeader("Set-Cookie", "_fbp=fb.1." + System.currentTimeMillis() + "; Path=/; Max-Age=7776000"); // advertising

        PrivacyContext privacy = PrivacyContext.of(request);
        Jurisdiction jurisdiction = privacy.jurisdiction();
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        out.println("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        out.println("<title>PrivacyKit sample app</title>");
        out.println(privacy.headTags()); // the banner's stylesheet and script, with the context path and prefix
        out.println("<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}"
                + "td,th{padding:.25rem .75rem;text-align:left}</style></head><body>");
        out.println("<h1>PrivacyKit sample app</h1>");
        out.println("<p>Policy <strong>" + Html.escape(policy.name()) + "</strong>, version "
                + Html.escape(policy.version()) + ".</p>");
        out.println("<p id=\"jurisdiction\" data-regime=\"" + jurisdiction.regime() + "\">You are treated under <strong>"
                + Html.escape(jurisdiction.law()) + "</strong> (" + jurisdiction.regime() + ", "
                + jurisdiction.consentModel().code() + "), located in "
                + Html.escape(place(jurisdiction)) + " by " + jurisdiction.location().source().code() + ".</p>");
        out.println(visitAsForm(request));
        out.println("<table id=\"categories\"><tr><th>Category</th><th>Allowed</th></tr>");
        policy.categories().forEach(c -> out.println("<tr data-category=\"" + c.name() + "\"><td>" + c.name()
                + "</td><td>" + (privacy.isAllowed(c.name()) ? "yes" : "no") + "</td></tr>"));
        out.println("</table>");
        out.println("<p>This page set the cookies <code>session</code>, <code>lang</code>, <code>_ga</code> and "
                + "<code>_fbp</code>; PrivacyFilter let through only those whose category is allowed.</p>");
        // Server-side choice: a template leaves a tag out entirely when its category is not allowed.
        out.println(privacy.isAllowed("advertising")
                ? "<p id=\"ad-tag\">Advertising tag included by the server.</p>"
                : "<p id=\"ad-tag\">Advertising tag left out by the server.</p>");
        // Client-side wait: the banner activates this tag once performance is allowed.
        out.println("<p>Analytics: <span id=\"analytics-status\">waiting</span></p>");
        out.println("<script type=\"text/plain\" data-privacy-category=\"performance\">"
                + "document.getElementById('analytics-status').textContent='loaded';</script>");
        out.println("<h2>Forms that record what they collect</h2>");
        out.println("<form id=\"signup\" method=\"post\" action=\"/signup\"><label>E-mail <input type=\"email\" name=\"email\""
                + " required></label> <label>Name <input name=\"name\"></label> <button type=\"submit\">Sign up</button></form>");
        out.println("<form id=\"store-locator\" method=\"post\" action=\"/store-locator\"><label>Latitude <input name=\"lat\""
                + " value=\"37.77\"></label> <label>Longitude <input name=\"lon\" value=\"-122.42\"></label>"
                + " <button type=\"submit\">Find a store</button></form>");
        out.println("<form id=\"newsletter\" method=\"post\" action=\"/newsletter\"><label>E-mail <input type=\"email\""
                + " name=\"email\" required></label> <label><input type=\"checkbox\" name=\"marketing\" value=\"yes\">"
                + " Send me the newsletter</label> <button type=\"submit\">Subscribe</button></form>");
        out.println("<nav id=\"rights-links\"><a href=\"/privacy-centre\">Privacy centre</a> · <a href=\"/account\">"
                + "My account</a> · <a href=\"/about-you\">About you</a> (declared residence and age) · <a href=\"/outbox\">"
                + "Development mailbox</a> · <a href=\"/privacy/admin/requests\">"
                + "Operator queue</a> (bearer admin token)</nav>");
        out.println("<footer><a href=\"/privacy/notice\" id=\"notice\">Privacy notice</a> ·"
                + " <a href=\"#\" data-privacy-choices>Privacy choices</a></footer>");
        out.println("</body></html>");
    }

    /** The "visit as" picker: meaningful only from a browser on localhost, which no proxy places. */
    private static String visitAsForm(HttpServletRequest request) {
        String chosen = VisitAs.chosen(request).map(VisitAs.Place::address).orElse("");
        StringBuilder form = new StringBuilder("<form id=\"visit-as\" method=\"get\" action=\"")
                .append(VisitAs.PATH).append("\"><label for=\"place\">Visit as</label> <select id=\"place\" name=\"place\">")
                .append("<option value=\"\">where I really am</option>");
        VisitAs.PLACES.entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> form.append("<option value=\"").append(e.getKey()).append('"')
                        .append(e.getValue().address().equals(chosen) ? " selected" : "")
                        .append('>').append(Html.escape(e.getValue().label())).append("</option>"));
        return form.append("</select> <button type=\"submit\">Go</button></form>").toString();
    }

    private static String place(Jurisdiction jurisdiction) {
        if (jurisdiction.country() == null) {
            return "an unknown place";
        }
        return jurisdiction.region() == null ? jurisdiction.country()
                : jurisdiction.country() + "-" + jurisdiction.region();
    }
}
