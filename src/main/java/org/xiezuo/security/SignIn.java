package org.xiezuo.security;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.stereotype.Service;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;

/**
 * The two steps of signing in (等保 8.1.4.1 b, d): the password, then the second factor. Failures of
 * either count towards the lockout (5 in a row lock the account for 30 minutes, even for the right
 * password) and towards the per-address throttle; every answer to a failure is the same, so nobody
 * learns whether an account exists or is locked. Counters live in the database, so every instance
 * sees them; every attempt is audited.
 *
 * <p>No transaction spans a sign-in: the account is read in a short transaction of its own, the Argon2
 * comparison (tens of milliseconds of CPU) runs holding no pooled connection, and the counters and the
 * audit row are written afterwards in short transactions of their own. A transaction around the whole
 * step held one connection through the comparison and asked for a second one for the audit row, so ten
 * failed sign-ins at once emptied a pool of ten and stopped the application (T81). Two attempts on one
 * account at the same moment are both counted: a save that loses the optimistic-lock race reads the
 * account again and applies its change once more, and the audit row is written whatever happens.
 */
@Service
class SignIn {

    /** How often a change of an account is re-applied after a concurrent change of the same account. */
    private static final int ATTEMPTS = 20;

    /** The one message for every failed sign-in (internal; people see {@link #failedMessage()}). */
    static final String FAILED = "用户名或密码错误，或账号已被锁定、停用";

    /** What a person sees after any failed password step, with the configured limits. */
    String failedMessage() {
        return FAILED + "；连续失败" + settings.maxFailures() + "次将锁定" + minutes(settings.lockDuration()) + "。";
    }

    /** What a person sees after any failed second step, with the configured limits. */
    String failedCodeMessage() {
        return "动态口令或恢复码不正确，或已使用过；连续失败" + settings.maxFailures() + "次将锁定账号"
                + minutes(settings.lockDuration()) + "。";
    }

    private static String minutes(java.time.Duration duration) {
        return duration.toMinutes() % 60 == 0 && duration.toMinutes() >= 60 ? duration.toHours() + "小时"
                : duration.toMinutes() + "分钟";
    }

    /** Compared against when the account does not exist, so unknown names take as long as known ones. */
    private static final String DUMMY_HASH = Passwords.ENCODER.encode("not-a-password-" + System.nanoTime());

    private final Accounts accounts;
    private final SecuritySettings settings;
    private final AuditTrail audit;
    private final AddressThrottle throttle;
    private final Clock clock;

    SignIn(Accounts accounts, SecuritySettings settings, AuditTrail audit, AddressThrottle throttle, Clock clock) {
        this.accounts = accounts;
        this.settings = settings;
        this.audit = audit;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** What a correct password leads to. */
    record PasswordAccepted(String username, String displayName, boolean secondFactorNeeded, boolean enrolmentNeeded,
                            boolean passwordChangeNeeded) {}

    PasswordAccepted password(String username, String password, @Nullable String address) {
        Instant now = clock.instant();
        String name = username == null ? "" : username.strip();
        // the address's allowance is taken first, atomically: the attempt counts as a failure of the address
        // unless the password turns out right
        if (!throttle.reserve(address, now)) {
            audit.recordAlone(name, failure("SIGN_IN", name, "来源地址失败次数过多，已限流（" + address + "）"));
            throw new BadCredentialsException(FAILED);
        }
        Account account = accounts.findByUsername(name).orElse(null);
        if (account == null) {
            Passwords.ENCODER.matches(password, DUMMY_HASH);
            audit.recordAlone(name, failure("SIGN_IN", name, "用户名不存在"));
            throw new BadCredentialsException(FAILED);
        }
        if (!account.enabled() || account.isLocked(now)) {
            audit.recordAlone(name, account.unitIds(), failure("SIGN_IN", name, account.enabled() ? "账号锁定中" : "账号已停用"));
            throw new BadCredentialsException(FAILED);
        }
        if (!Passwords.ENCODER.matches(password, account.passwordHash())) {
            failed(account, now, null, "密码错误"); // the address's failure was counted by reserve
            throw new BadCredentialsException(FAILED);
        }
        throttle.release(address);
        boolean secondFactor = settings.needsSecondFactor(account.roles());
        boolean changeNeeded = account.mustChangePassword() || account.passwordExpired(now, settings.passwordMaxAge());
        if (!secondFactor) {
            change(account, current -> {
                current.signInSucceeded();
                return null;
            });
        }
        audit.recordAlone(name, account.unitIds(), new Event("SIGN_IN", "account", name, null, "SUCCESS",
                secondFactor ? "密码正确，待二次验证" : "登录成功"));
        return new PasswordAccepted(account.username(), account.displayName(), secondFactor && account.hasSecondFactor(),
                secondFactor && !account.hasSecondFactor(), changeNeeded);
    }

    /** The second step: a code of the authenticator app, or one of the recovery codes. */
    boolean secondFactor(String username, String typed, @Nullable String address) {
        Instant now = clock.instant();
        Account account = accounts.findByUsername(username).orElseThrow(() -> new BadCredentialsException(FAILED));
        if (!account.enabled() || account.isLocked(now) || !account.hasSecondFactor()) {
            audit.recordAlone(username, account.unitIds(), failure("SECOND_FACTOR", username, "账号锁定、停用或未设置二次验证"));
            return false;
        }
        String code = typed == null ? "" : typed.strip();
        OptionalLong step = Totp.matchingStep(account.totpSecret(), code, now);
        String hash = step.isPresent() ? null : recoveryHash(code);
        // a code is used once: the step or recovery code is marked on the newest stored account, so of two
        // requests with the same code that race, the one whose save loses sees it used and is refused
        Outcome outcome = change(account, current -> {
            boolean accepted;
            String how;
            if (step.isPresent()) {
                accepted = current.acceptStep(step.getAsLong());
                how = accepted ? "动态口令" : "动态口令已使用过";
            } else {
                accepted = current.useRecoveryCode(hash, now);
                how = accepted ? "恢复码（剩余" + current.unusedRecoveryCodes() + "个）" : "动态口令错误";
            }
            if (accepted) {
                current.signInSucceeded();
                return new Outcome(true, how, false, 0);
            }
            boolean lockedNow = current.signInFailed(now, settings.maxFailures(), settings.lockDuration());
            return new Outcome(false, how, lockedNow, current.failedAttempts());
        });
        if (!outcome.accepted()) {
            failureRecorded(account, outcome, now, address);
            return false;
        }
        audit.recordAlone(username, account.unitIds(), new Event("SECOND_FACTOR", "account", username, null, "SUCCESS",
                "二次验证通过：" + outcome.how()));
        return true;
    }

    /** What one attempt did to the account. */
    private record Outcome(boolean accepted, String how, boolean lockedNow, int failures) {}

    private void failed(Account account, Instant now, @Nullable String address, String reason) {
        Outcome outcome;
        try {
            outcome = change(account, current -> {
                boolean lockedNow = current.signInFailed(now, settings.maxFailures(), settings.lockDuration());
                return new Outcome(false, reason, lockedNow, current.failedAttempts());
            });
        } catch (OptimisticLockingFailureException tooManyRaces) {
            // the account kept changing under this attempt; it is still refused, counted per address and audited
            outcome = new Outcome(false, reason + "，账号失败次数未能计入（并发过多）", false, account.failedAttempts());
        }
        failureRecorded(account, outcome, now, address);
    }

    private void failureRecorded(Account account, Outcome outcome, Instant now, @Nullable String address) {
        throttle.countFailure(address, now);
        String reason = outcome.how();
        String event = reason.startsWith("动态口令") || reason.startsWith("恢复码") ? "SECOND_FACTOR" : "SIGN_IN";
        audit.recordAlone(account.username(), account.unitIds(), failure(event, account.username(),
                reason + "（连续失败" + outcome.failures() + "次）"));
        if (outcome.lockedNow()) {
            audit.recordAlone(account.username(), account.unitIds(), new Event("ACCOUNT_LOCKED", "account", account.username(), null,
                    "SUCCESS", "连续失败" + settings.maxFailures() + "次，锁定至 " + now.plus(settings.lockDuration())));
        }
    }

    /**
     * Applies a change to the account and saves it, each save a short transaction of its own; when another
     * request changed the same account first (optimistic lock), reads it again and applies the change to
     * the newest state, so concurrent attempts are all counted.
     */
    private <T> T change(Account account, Function<Account, T> change) {
        Account current = account;
        for (int attempt = 1; ; attempt++) {
            T result = change.apply(current);
            try {
                accounts.save(current);
                return result;
            } catch (OptimisticLockingFailureException raced) {
                if (attempt >= ATTEMPTS) throw raced;
                current = accounts.findByUsername(account.username()).orElseThrow(() -> raced);
            }
        }
    }

    private static Event failure(String type, String username, String detail) {
        return new Event(type, "account", username, null, "FAILURE", detail);
    }

    static String recoveryHash(String code) {
        try {
            String normalised = code.replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(normalised.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
