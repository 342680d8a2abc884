package org.xiezuo.security;

import java.time.Instant;

import org.springframework.context.ApplicationContext;

/**
 * What the web-load set-up needs from the security module beyond its public API: an account made ready
 * for a plain sign-in as its owner would make it at the first sign-in — the temporary password changed and
 * the second factor enrolled — through the module's own {@link Credentials}, and the TOTP codes the
 * harness types. Bench sources only (bench/src/java), never in the application.
 */
public final class SecurityBenchAccess {

    private SecurityBenchAccess() {}

    /** An enrolled account: its TOTP secret and the time step its enrolment code used (a sign-in needs a later one). */
    public record Ready(String secret, long usedStep) {}

    public static Ready readyForSignIn(ApplicationContext context, String username, String temporary, String password) {
        Credentials credentials = context.getBean(Credentials.class);
        credentials.changePassword(username, temporary, password, password);
        String secret = credentials.newSecret();
        long step = Totp.step(Instant.now());
        credentials.enrol(username, secret, Totp.code(secret, step));
        return new Ready(secret, step);
    }

    /** The code an authenticator app shows for a time step. */
    public static String code(String secret, long step) {
        return Totp.code(secret, step);
    }

    /** The time step of an instant (30 s steps). */
    public static long step(Instant now) {
        return Totp.step(now);
    }
}
