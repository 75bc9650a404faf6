package io.privacykit.sample;

import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.mail.MailSettings;
import io.privacykit.mail.transport.FileOutboxMailer;
import io.privacykit.mail.transport.OutboxMessage;
import io.privacykit.rights.Fulfilment;
import io.privacykit.rights.RightType;
import io.privacykit.rights.RightsCatalog;
import io.privacykit.rights.RightsService;
import io.privacykit.rights.Submission;
import io.privacykit.servlet.PrivacyContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample's rights pages: the privacy centre ({@code /privacy-centre}: the rights of the
 * visitor's regime and a request form posting to PrivacyKit's {@code /privacy/requests}), the
 * account page ({@code /account}, with "delete my account", which files a signed-in erasure) and,
 * for development, the file outbox as a mailbox ({@code /outbox}, {@code /outbox/{id}}).
 */
final class RightsPagesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** The session attribute holding the signed-in user's id. */
    static final String USER = "sample.user";
    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"']+");
    private static final String CSP = "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'";

    private final transient SampleUsers users;
    private final transient Supplier<RightsService> rights;
    private final transient Optional<FileOutboxMailer> outbox;

    RightsPagesServlet(SampleUsers users, Supplier<RightsService> rights, MailSettings mail) {
        this.users = users;
        this.rights = rights;
        this.outbox = mail instanceof MailSettings.Outbox o ? Optional.of(new FileOutboxMailer(o.directory(), o.from()))
                : Optional.empty();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.equals("/privacy-centre")) {
            centre(request, response);
        } else if (path.equals("/account")) {
            account(request, response);
        } else if (path.equals("/outbox")) {
            outboxList(response);
        } else if (path.startsWith("/outbox/")) {
            outboxMessage(path.substring("/outbox/".length()), response);
        } else {
            response.sendError(404);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/account/delete".equals(request.getServletPath())) {
            response.sendError(404);
            return;
        }
        HttpSession session = request.getSession(false);
        Optional<SampleUsers.User> user = Optional.ofNullable(session).map(s -> (String) s.getAttribute(USER))
                .flatMap(users::find);
        if (user.isEmpty()) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "sign up first");
            return;
        }
        Jurisdiction jurisdiction = PrivacyContext.of(request).jurisdiction();
        Submission submission = rights.get().submitSignedIn(RightType.ERASURE, user.get().email(), user.get().email(),
                jurisdiction);
        PrintWriter out = page(response, "Delete my account");
        if (submission instanceof Submission.Accepted accepted
                && accepted.fulfilment().orElse(null) instanceof Fulfilment.Erased) {
            session.invalidate();
            out.println("<p id=\"erased\">Your account is deleted (request <code>" + Html.escape(accepted.request().id())
                    + "</code>, " + Html.escape(accepted.request().status().code()) + ").</p>");
        } else if (submission instanceof Submission.Accepted accepted) {
            out.println("<p id=\"pending\">Your request <code>" + Html.escape(accepted.request().id()) + "</code> is "
                    + Html.escape(accepted.request().status().code()) + ".</p>");
        } else {
            response.setStatus(503);
            out.println("<p>Your request could not be taken right now; please try again.</p>");
        }
        out.println("<p><a href=\"/\">Home</a></p></body></html>");
    }

    private void centre(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Jurisdiction jurisdiction = PrivacyContext.of(request).jurisdiction();
        List<RightType> list = RightsCatalog.rightsIn(jurisdiction);
        PrintWriter out = page(response, "Privacy centre");
        out.println("<p>You are treated under <strong>" + Html.escape(jurisdiction.law()) + "</strong> ("
                + jurisdiction.regime() + "). Your rights:</p><ul id=\"rights\">");
        list.forEach(type -> out.println("<li data-right=\"" + type.name() + "\">" + label(type) + "</li>"));
        out.println("</ul><p><a href=\"/privacy/rights\">Deadlines for each right</a></p>");
        out.println("<form id=\"request\" method=\"post\" action=\"/privacy/requests\"><label>Right <select name=\"type\">");
        list.forEach(type -> out.println("<option value=\"" + type.name() + "\">" + label(type) + "</option>"));
        out.println("</select></label> <label>E-mail <input type=\"email\" name=\"email\" required maxlength=\"254\">"
                + "</label> <button type=\"submit\">Send request</button></form>");
        out.println("<p>We e-mail you a link to confirm the request; nothing happens before you confirm.</p>");
        out.println("<p><a href=\"/\">Home</a></p></body></html>");
    }

    private void account(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        Optional<SampleUsers.User> user = Optional.ofNullable(session).map(s -> (String) s.getAttribute(USER))
                .flatMap(users::find);
        PrintWriter out = page(response, "My account");
        if (user.isEmpty()) {
            out.println("<p id=\"signed-out\">You are not signed in: sign up on the <a href=\"/\">home page</a>.</p>");
        } else {
            out.println("<p id=\"signed-in\">Signed in as <strong>" + Html.escape(user.get().email()) + "</strong>"
                    + (user.get().name().isEmpty() ? "" : " (" + Html.escape(user.get().name()) + ")") + ".</p>");
            out.println("<form id=\"delete-account\" method=\"post\" action=\"/account/delete\">"
                    + "<button type=\"submit\">Delete my account</button></form>");
        }
        out.println("<p><a href=\"/\">Home</a></p></body></html>");
    }

    private void outboxList(HttpServletResponse response) throws IOException {
        PrintWriter out = page(response, "Development mailbox");
        if (outbox.isEmpty()) {
            out.println("<p>The outbox is off: set privacy.mail.transport=outbox.</p></body></html>");
            return;
        }
        out.println("<p>Messages PrivacyKit wrote to <code>" + Html.escape(outbox.get().directory().toString())
                + "</code>, newest first.</p><table id=\"messages\"><tr><th>Date</th><th>To</th><th>Subject</th></tr>");
        for (OutboxMessage message : outbox.get().messages()) {
            out.println("<tr><td>" + message.date() + "</td><td>" + Html.escape(message.to()) + "</td><td><a href=\"/outbox/"
                    + Html.escape(message.id()) + "\">" + Html.escape(message.subject()) + "</a></td></tr>");
        }
        out.println("</table><p><a href=\"/\">Home</a></p></body></html>");
    }

    private void outboxMessage(String id, HttpServletResponse response) throws IOException {
        Optional<OutboxMessage> message = outbox.flatMap(o -> o.message(id));
        if (message.isEmpty()) {
            response.sendError(404, "no such message");
            return;
        }
        PrintWriter out = page(response, message.get().subject());
        out.println("<p>To: " + Html.escape(message.get().to()) + "<br>Date: " + message.get().date() + "</p>");
        out.println("<pre id=\"body\">" + linkify(message.get().text()) + "</pre>");
        out.println("<p><a href=\"/outbox\">Mailbox</a></p></body></html>");
    }

    /** The text escaped, with its http(s) links clickable. */
    static String linkify(String text) {
        Matcher m = LINK.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(Html.escape(text.substring(last, m.start())));
            String url = Html.escape(m.group());
            out.append("<a href=\"").append(url).append("\">").append(url).append("</a>");
            last = m.end();
        }
        return out.append(Html.escape(text.substring(last))).toString();
    }

    private static String label(RightType type) {
        String name = type.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static PrintWriter page(HttpServletResponse response, String title) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", CSP);
        PrintWriter out = response.getWriter();
        out.println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title)
                + "</title></head><body><h1>" + Html.escape(title) + "</h1>");
        return out;
    }
}
