package org.xiezuo.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.filter.OncePerRequestFilter;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;

/**
 * Every page needs sign-in except the sign-in page, static assets and the health check. CSRF stays on,
 * the session id changes at sign-in, and a Content-Security-Policy without inline scripts is sent.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    static final String SESSION_COOKIE = "XIEZUO_SESSION";

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
            + "base-uri 'self'; object-src 'none'";

    private static final List<String> OPEN_DURING_PASSWORD_CHANGE = List.of("/account/password", "/logout", "/webjars/",
            "/css/", "/js/", "/error", "/favicon.ico");

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/webjars/**", "/css/**", "/js/**", "/favicon.ico", "/actuator/health",
                                "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).failureUrl("/login?error"))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .invalidateHttpSession(true).deleteCookies(SESSION_COOKIE))
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                                PathPatternRequestMatcher.withDefaults().matcher("/api/**"))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                AnyRequestMatcher.INSTANCE))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
                .addFilterAfter(new PasswordChangeFirst(), AuthorizationFilter.class);
        return http.build();
    }

    /** The session cookie: HttpOnly, SameSite=Lax, Secure whenever the request came over HTTPS. */
    @Bean
    CookieSerializer sessionCookie() {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName(SESSION_COOKIE);
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        return cookie;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return Credentials.PASSWORDS;
    }

    @Bean
    SignInAudit signInAudit(AuditTrail audit) {
        return new SignInAudit(audit);
    }

    /** Sends a signed-in user who must change the password to the password page first. */
    static final class PasswordChangeFirst extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && authentication.getPrincipal() instanceof SignedInUser user
                    && user.mustChangePassword()) {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                if (OPEN_DURING_PASSWORD_CHANGE.stream().noneMatch(path::startsWith)) {
                    response.sendRedirect(request.getContextPath() + "/account/password");
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }

    /** Audits every sign-in, successful or not. */
    static final class SignInAudit {
        private final AuditTrail audit;

        SignInAudit(AuditTrail audit) {
            this.audit = audit;
        }

        @EventListener
        void succeeded(AuthenticationSuccessEvent event) {
            audit.recordAlone(event.getAuthentication().getName(),
                    new Event("SIGN_IN", "account", event.getAuthentication().getName(), null, "SUCCESS", "登录成功"));
        }

        @EventListener
        void failed(AbstractAuthenticationFailureEvent event) {
            String name = String.valueOf(event.getAuthentication().getName());
            String safe = name.length() > 64 ? name.substring(0, 64) : name;
            audit.recordAlone(safe, new Event("SIGN_IN", "account", safe, null, "FAILURE",
                    "登录失败：" + event.getException().getClass().getSimpleName()));
        }
    }
}
