package io.privacykit.sample;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * "Visit as": lets a person who opens the sample app in a browser on localhost see it as a visitor
 * from Germany, California, Brazil and so on. The app trusts loopback as a proxy, so this filter,
 * ahead of PrivacyFilter, adds the {@code X-Forwarded-For} a proxy would send for an address in the
 * chosen place. Only for requests from loopback that carry no forwarding header of their own
 * (curl users keep full control), and only while the {@code sample_visit_as} cookie names a place.
 */
final class VisitAs extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The cookie that holds the chosen place; the sample's policy lists it as necessary. */
    static final String COOKIE = "sample_visit_as";
    /** The path of the form that sets the cookie. */
    static final String PATH = "/visit-as";

    /** Places, each with an address the bundled GeoLite2 data puts there. */
    static final Map<String, Place> PLACES = places();

    record Place(String label, String address) {
    }

    private static Map<String, Place> places() {
        Map<String, Place> places = new LinkedHashMap<>();
        places.put("de", new Place("Germany (GDPR)", "2.207.0.1"));
        places.put("gb", new Place("United Kingdom (UK GDPR)", "131.111.1.1"));
        places.put("ch", new Place("Switzerland (FADP)", "129.132.1.1"));
        places.put("us-ca", new Place("California (CCPA)", "128.32.0.1"));
        places.put("us-va", new Place("Virginia (VCDPA)", "128.173.1.1"));
        places.put("us-tx", new Place("Texas (TDPSA)", "128.83.1.1"));
        places.put("br", new Place("Brazil (LGPD)", "143.107.1.1"));
        places.put("ar", new Place("Argentina (Law 25.326)", "157.92.1.1"));
        places.put("ca-qc", new Place("Quebec (Law 25)", "132.206.1.1"));
        places.put("ca-on", new Place("Ontario (PIPEDA)", "142.150.1.1"));
        places.put("jp", new Place("Japan (rest of the world)", "133.11.0.1"));
        return Map.copyOf(places);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (PATH.equals(request.getRequestURI())) {
            choose(request, response);
            return;
        }
        Optional<Place> place = chosen(request);
        if (place.isPresent() && isLoopback(request.getRemoteAddr()) && request.getHeader("X-Forwarded-For") == null) {
            chain.doFilter(new Forwarded(request, place.get().address()), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static void choose(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String key = request.getParameter("place");
        Cookie cookie = new Cookie(COOKIE, key != null && PLACES.containsKey(key) ? key : "");
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setMaxAge(key != null && PLACES.containsKey(key) ? 86_400 : 0);
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
        response.sendRedirect("/");
    }

    static Optional<Place> chosen(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && PLACES.containsKey(cookie.getValue())) {
                return Optional.of(PLACES.get(cookie.getValue()));
            }
        }
        return Optional.empty();
    }

    private static boolean isLoopback(String remoteAddr) {
        try {
            return remoteAddr != null && InetAddress.getByName(remoteAddr).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The request as a proxy would have forwarded it from {@code address}. */
    private static final class Forwarded extends HttpServletRequestWrapper {
        private final String address;

        Forwarded(HttpServletRequest request, String address) {
            super(request);
            this.address = address;
        }

        @Override
        public String getHeader(String name) {
            return "X-Forwarded-For".equalsIgnoreCase(name) ? address : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "X-Forwarded-For".equalsIgnoreCase(name) ? Collections.enumeration(java.util.List.of(address))
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            java.util.List<String> names = Collections.list(super.getHeaderNames());
            names.add("X-Forwarded-For");
            return Collections.enumeration(names);
        }
    }
}
