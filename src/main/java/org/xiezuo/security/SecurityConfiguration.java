package org.xiezuo.security;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.shared.Actor;

/**
 * Two filter chains. {@code /api/**}: stateless, personal access tokens only (never the session cookie,
 * so CSRF does not apply), problem-details answers. Everything else: form sign-in with lockout, the
 * second factor and forced password changes as steps, sessions in the database with idle and absolute
 * timeouts, CSRF on, a Content-Security-Policy without inline scripts. Both chains decide by the one
 * {@link EndpointTable}; denials are audited.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    static final String SESSION_COOKIE = "XIEZUO_SESSION";

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
            + "base-uri 'self'; object-src 'none'";

    /**
     * Static files and the health check: no session is looked up or created, so a stale cookie never
     * redirects them to the sign-in page; still decided by the access table (where they are public).
     */
    @Bean
    @Order(0)
    SecurityFilterChain publicChain(HttpSecurity http, EndpointAuthorization authorization) throws Exception {
        http.securityMatcher("/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/actuator/health", "/actuator/health/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().access(authorization))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.requireExplicitSave(true))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP)));
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, EndpointAuthorization authorization, ApiTokens tokens,
                                 DenialAudit denials) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().access(authorization))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**"))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new BearerTokens(tokens), AuthorizationFilter.class)
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) ->
                                problem(response, HttpStatus.UNAUTHORIZED, "未认证", "请在 Authorization 头中提供有效的个人访问令牌（Bearer）"))
                        .accessDeniedHandler(denials.api()));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain webChain(HttpSecurity http, EndpointAuthorization authorization, PasswordStep passwordStep,
                                 CurrentActors actors, SecuritySettings settings, DenialAudit denials, AuditTrail audit,
                                 Clock clock) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().access(authorization))
                // the password step alone, without the global manager as parent: a parent would try every
                // refused sign-in a second time and count each failure twice towards the lockout
                .authenticationManager(new org.springframework.security.authentication.ProviderManager(passwordStep))
                .formLogin(form -> form.loginPage("/login").successHandler(new NextStep()).failureUrl("/login?error"))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .invalidateHttpSession(true).deleteCookies(SESSION_COOKIE)
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null) {
                                audit.recordAlone(authentication.getName(),
                                        actors.load(authentication.getName()).map(Actor::unitIds).orElse(java.util.Set.of()),
                                        Event.success("SIGN_OUT", "account", authentication.getName(), null, "退出登录"));
                            }
                        }))
                .sessionManagement(session -> session
                        .sessionFixation(fixation -> fixation.changeSessionId())
                        .invalidSessionUrl("/login?timeout"))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login"))
                        .accessDeniedHandler(denials.web()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
                .addFilterBefore(new SessionGuard(actors, settings, clock), AuthorizationFilter.class)
                .addFilterBefore(new SignInSteps(), AuthorizationFilter.class);
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
        return Passwords.ENCODER;
    }

    static void problem(HttpServletResponse response, HttpStatus status, String title, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"status\":" + status.value() + ",\"title\":\"" + title
                + "\",\"detail\":\"" + detail + "\"}");
    }

    /** URL-level decisions from the {@link EndpointTable}, with the actor read fresh from the account. */
    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        EndpointAuthorization endpointAuthorization(CurrentActors actors,
                                                    org.springframework.beans.factory.ObjectProvider<org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping> mappings) {
            return new EndpointAuthorization(actors, mappings);
        }
    }

    static final class EndpointAuthorization implements AuthorizationManager<RequestAuthorizationContext> {
        private final CurrentActors actors;
        private final org.springframework.beans.factory.ObjectProvider<org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping> mappings;

        EndpointAuthorization(CurrentActors actors,
                              org.springframework.beans.factory.ObjectProvider<org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping> mappings) {
            this.actors = actors;
            this.mappings = mappings;
        }

        @Override
        public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                             RequestAuthorizationContext context) {
            EndpointTable.Rule rule = EndpointTable.find(context.getRequest()).orElse(null);
            // an undeclared endpoint is denied; a path no controller serves goes on to its 404
            if (rule == null) return new AuthorizationDecision(!handled(context.getRequest()));
            if (rule.kind() == EndpointTable.Kind.PUBLIC) return new AuthorizationDecision(true);
            Authentication auth = authentication.get();
            boolean signedIn = auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
            if (rule.kind() == EndpointTable.Kind.SIGN_IN_STEP) return new AuthorizationDecision(signedIn);
            if (!signedIn) return new AuthorizationDecision(false);
            Actor actor = actors.current().orElse(null);
            return new AuthorizationDecision(rule.admits(actor));
        }

        private boolean handled(HttpServletRequest request) {
            for (var mapping : mappings) {
                try {
                    if (mapping.getHandler(request) != null) return true;
                } catch (Exception e) {
                    return true; // a mapping that matches but cannot serve this request is still a mapped endpoint
                }
            }
            return false;
        }
    }

    /** The password step of sign-in (lockout, throttle and audit are {@link SignIn}'s). */
    @Configuration(proxyBeanMethods = false)
    static class Providers {
        @Bean
        PasswordStep passwordStep(SignIn signIn, Clock clock) {
            return new PasswordStep(signIn, clock);
        }
    }

    static final class PasswordStep implements AuthenticationProvider {
        private final SignIn signIn;
        private final Clock clock;

        PasswordStep(SignIn signIn, Clock clock) {
            this.signIn = signIn;
            this.clock = clock;
        }

        @Override
        public Authentication authenticate(Authentication authentication) throws AuthenticationException {
            String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                    ? details.getRemoteAddress() : null;
            String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
            SignIn.PasswordAccepted accepted = signIn.password(authentication.getName(), password, address);
            SignedInUser user = new SignedInUser(accepted.username(), accepted.displayName(), clock.instant(),
                    accepted.secondFactorNeeded(), accepted.enrolmentNeeded(), accepted.passwordChangeNeeded());
            return UsernamePasswordAuthenticationToken.authenticated(user, null,
                    List.of(new SimpleGrantedAuthority("FACTOR_PASSWORD")));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }

    /** After the password: the second factor, its enrolment or the password change, else where the user was going. */
    static final class NextStep implements AuthenticationSuccessHandler {
        private final HttpSessionRequestCache cache = new HttpSessionRequestCache();

        @Override
        public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                            Authentication authentication) throws IOException {
            SignedInUser user = (SignedInUser) authentication.getPrincipal();
            response.sendRedirect(request.getContextPath() + next(user, cache.getRequest(request, response)));
        }

        static String next(SignedInUser user, SavedRequest saved) {
            if (user.secondFactorPending()) return "/login/second-factor";
            if (user.enrolmentPending()) return "/account/second-factor";
            if (user.passwordChangePending()) return "/account/password";
            if (saved != null) {
                String url = saved.getRedirectUrl();
                int path = url.indexOf('/', url.indexOf("//") + 2);
                return path < 0 ? "/" : url.substring(path);
            }
            return "/";
        }
    }

    /**
     * Ends a session when its account is gone or disabled (every instance reads the account on every
     * request) and when it is older than the absolute limit (12 hours), whatever its activity.
     */
    static final class SessionGuard extends OncePerRequestFilter {
        private final CurrentActors actors;
        private final SecuritySettings settings;
        private final Clock clock;

        SessionGuard(CurrentActors actors, SecuritySettings settings, Clock clock) {
            this.actors = actors;
            this.settings = settings;
            this.clock = clock;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            SignedInUser user = actors.signedInUser().orElse(null);
            if (user != null) {
                boolean expired = user.signedInAt().plus(settings.absoluteSessionTimeout()).isBefore(clock.instant());
                boolean gone = actors.account(user.username()).isEmpty();
                if (expired || gone) {
                    HttpSession session = request.getSession(false);
                    if (session != null) session.invalidate();
                    SecurityContextHolder.clearContext();
                    response.sendRedirect(request.getContextPath() + (expired ? "/login?timeout" : "/login"));
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }

    /** Keeps a sign-in with open steps on those steps: the second factor first, then the password change. */
    static final class SignInSteps extends OncePerRequestFilter {
        private static final List<String> ALWAYS_OPEN = List.of("/logout", "/webjars/", "/css/", "/js/", "/error",
                "/favicon.ico", "/actuator/health");

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && authentication.getPrincipal() instanceof SignedInUser user && !user.complete()) {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                String step = NextStep.next(user, null);
                if (!path.equals(step) && ALWAYS_OPEN.stream().noneMatch(path::startsWith)) {
                    response.sendRedirect(request.getContextPath() + step);
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }

    /** Puts the SignedInUser of a completed step back into the session under a new session id. */
    static void completeStep(HttpServletRequest request, SignedInUser user) {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                current == null ? List.of() : current.getAuthorities()));
        SecurityContextHolder.setContext(context);
        request.changeSessionId();
        request.getSession().setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
    }

    /** Refuses a token that is unknown, expired or revoked the same way as none. */
    static final class BearerTokens extends OncePerRequestFilter {
        private final ApiTokens tokens;

        BearerTokens(ApiTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                var holder = tokens.authenticate(header.substring(7).strip());
                if (holder.isEmpty()) {
                    problem(response, HttpStatus.UNAUTHORIZED, "未认证", "令牌无效、已过期或已吊销");
                    return;
                }
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(holder.get(), null,
                        List.of(new SimpleGrantedAuthority("FACTOR_TOKEN"))));
                SecurityContextHolder.setContext(context);
            }
            chain.doFilter(request, response);
        }
    }
}
