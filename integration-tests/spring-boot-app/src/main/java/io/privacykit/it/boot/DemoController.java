package io.privacykit.it.boot;

import io.privacykit.servlet.PrivacyContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** Sets trackers' cookies the two usual ways, and reads PrivacyKit's decision. */
@Controller
class DemoController {

    /**
     * Google Analytics' cookie through the servlet API, Meta's through Spring's ResponseCookie as a
     * header. (Not both on one ResponseEntity: from Spring Framework 7 its headers replace the
     * response's, so its Set-Cookie would drop the one addCookie wrote, with or without PrivacyKit.)
     */
    @GetMapping("/")
    @ResponseBody
    String home(HttpServletResponse response) {
        Cookie ga = new Cookie("_ga", "GA1.1.1234567890.1700000000");
        ga.setPath("/");
        ga.setMaxAge(63072000);
        response.addCookie(ga);
        response.addHeader(HttpHeaders.SET_COOKIE, fbp().toString());
        return "home";
    }

    /** Meta's cookie on a ResponseEntity, the way Spring's own examples set cookies. */
    @GetMapping("/ads")
    ResponseEntity<String> ads() {
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, fbp().toString()).body("ads");
    }

    private static ResponseCookie fbp() {
        return ResponseCookie.from("_fbp", "fb.1.1700000000.1234567890").path("/").maxAge(7776000).build();
    }

    @GetMapping("/context")
    @ResponseBody
    String context(PrivacyContext privacy) {
        return "regime=" + privacy.jurisdiction().regime() + " performance=" + privacy.isAllowed("performance")
                + " advertising=" + privacy.isAllowed("advertising");
    }

    @GetMapping("/page")
    String page() {
        return "page";
    }

    @GetMapping("/account")
    @ResponseBody
    String account(Principal principal) {
        return "hello " + principal.getName();
    }
}
