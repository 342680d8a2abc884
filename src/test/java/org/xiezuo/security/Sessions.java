package org.xiezuo.security;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;

import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * Real sign-ins for MockMvc tests, through every step a person takes: password, second-factor
 * enrolment (the secret read from the page, the code computed as an authenticator app would), and the
 * change of the temporary password. Returns the session cookie of the finished sign-in.
 */
public final class Sessions {

    public static final String PASSWORD = "Xz-Test-Pass-2026!";
    private static final Pattern SECRET = Pattern.compile("data-totp-secret>([A-Z2-7 ]+)<");

    private Sessions() {}

    /** A signed-in person: the session cookie, and what is needed to sign in again. */
    public record Signed(String username, Cookie cookie, String secret) {}

    /** Creates the account (as the command-line administrator) and signs it in through every step. */
    public static Signed create(MockMvc mvc, AccountAdministration accounts, String username, Set<Role> roles,
                                Set<Long> unitIds) throws Exception {
        String temporary = "Tmp-Pass-2026!x";
        accounts.create(Actor.cliAdministrator("test"), new AccountAdministration.NewAccount(username, "测试" + username,
                roles, unitIds, null, null, temporary));
        Cookie cookie = sessionOf(mvc.perform(post("/login").param("username", username).param("password", temporary)
                .with(csrf())).andReturn().getResponse(), null);
        String page = mvc.perform(get("/account/second-factor").cookie(cookie)).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        Matcher m = SECRET.matcher(page);
        if (!m.find()) throw new IllegalStateException("no second-factor secret on the enrolment page");
        String secret = m.group(1).replace(" ", "");
        cookie = sessionOf(mvc.perform(post("/account/second-factor").cookie(cookie).param("code", code(secret, 0))
                .with(csrf())).andReturn().getResponse(), cookie);
        cookie = sessionOf(mvc.perform(post("/account/password").cookie(cookie).param("current", temporary)
                .param("next", PASSWORD).param("confirmation", PASSWORD).with(csrf())).andReturn().getResponse(), cookie);
        return new Signed(username, cookie, secret);
    }

    /** Signs an enrolled account in again; {@code step} shifts the code so two sign-ins in one 30 s step work. */
    public static Cookie signIn(MockMvc mvc, String username, String password, String secret, int step) throws Exception {
        Cookie cookie = sessionOf(mvc.perform(post("/login").param("username", username).param("password", password)
                .with(csrf())).andReturn().getResponse(), null);
        return sessionOf(mvc.perform(post("/login/second-factor").cookie(cookie).param("code", code(secret, step))
                .with(csrf())).andReturn().getResponse(), cookie);
    }

    /** The code an authenticator app shows now, or {@code offset} steps from now. */
    public static String code(String secret, int offset) {
        return Totp.code(secret, Totp.step(Instant.now()) + offset);
    }

    public static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, Signed signed) {
        return request.cookie(signed.cookie());
    }

    private static Cookie sessionOf(MockHttpServletResponse response, Cookie previous) {
        Cookie next = response.getCookie(SecurityConfiguration.SESSION_COOKIE);
        if (next != null && next.getMaxAge() != 0 && !next.getValue().isEmpty()) return next;
        if (previous == null) throw new IllegalStateException("no session cookie; status " + response.getStatus());
        return previous;
    }
}
