package org.xiezuo.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Role;
import org.xiezuo.unit.Unit;
import org.xiezuo.unit.Units;

/**
 * A person's own credentials: the bootstrap administrator on first start, changing one's password,
 * and enrolling the second factor with its recovery codes.
 */
@Service
@Transactional
class Credentials {

    static final int RECOVERY_CODES = 10;
    private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Accounts accounts;
    private final PasswordPolicy policy;
    private final Units units;
    private final AuditTrail audit;
    private final Clock clock;

    Credentials(Accounts accounts, PasswordPolicy policy, Units units, AuditTrail audit, Clock clock) {
        this.accounts = accounts;
        this.policy = policy;
        this.units = units;
        this.audit = audit;
        this.clock = clock;
    }

    /** What {@link #bootstrap} did; {@code generatedPassword} is to be shown once and never stored. */
    record Bootstrap(boolean created, @Nullable String generatedPassword, boolean weakConfiguredPassword) {}

    /**
     * Creates the bootstrap account when no account exists yet: a system administrator only (accounts,
     * units, settings), who creates the first security administrator, auditor and coordinator.
     */
    Bootstrap bootstrap(AdminSettings settings) {
        if (accounts.count() > 0) return new Bootstrap(false, null, false);
        boolean generated = settings.password() == null || settings.password().isBlank();
        String password = generated ? PasswordPolicy.generate() : settings.password();
        boolean weak = !policy.problems(password, settings.username(), List.of()).isEmpty();
        Account admin = Account.create(settings.username(), "系统管理员", Passwords.ENCODER.encode(password),
                generated || weak, Set.of(Role.ADMIN), Set.of(), null, null, "system", clock.instant());
        try {
            accounts.save(admin);
        } catch (DuplicateKeyException e) {
            return new Bootstrap(false, null, false); // another instance created it at the same moment
        }
        audit.record(Actor.system(), Event.success("ACCOUNT_CREATED", "account", settings.username(), null,
                "首次启动创建系统管理员账号 " + settings.username()));
        return new Bootstrap(true, generated ? password : null, !generated && weak);
    }

    void changePassword(String username, String current, String next, String confirmation) {
        Account account = accounts.findByUsername(username)
                .orElseThrow(() -> new BusinessRuleViolation("account.unknown", "账号不存在"));
        if (!Passwords.ENCODER.matches(current, account.passwordHash())) {
            throw new BusinessRuleViolation("password.current.wrong", "当前密码不正确");
        }
        if (!next.equals(confirmation)) {
            throw new BusinessRuleViolation("password.confirmation", "两次输入的新密码不一致");
        }
        if (Passwords.ENCODER.matches(next, account.passwordHash())) {
            throw new BusinessRuleViolation("password.unchanged", "新密码不能与当前密码相同");
        }
        List<String> problems = policy.problems(next, account.username(), contextOf(account));
        if (!problems.isEmpty()) {
            throw new BusinessRuleViolation("password.weak", String.join("；", problems));
        }
        account.changePassword(Passwords.ENCODER.encode(next), clock.instant());
        accounts.save(account);
        audit.recordAlone(username, account.unitIds(), Event.success("PASSWORD_CHANGED", "account", username, null, "修改本人密码"));
    }

    private List<String> contextOf(Account account) {
        List<String> words = new ArrayList<>();
        words.add(account.displayName());
        account.unitIds().forEach(id -> units.findById(id).map(Unit::name).ifPresent(words::add));
        return words;
    }

    /** A secret offered for enrolment; not stored until a code proves the app holds it. */
    String newSecret() {
        return Totp.newSecret();
    }

    /**
     * Enrols the second factor once the person typed a valid code of the offered secret; answers the
     * recovery codes, shown once and stored only as hashes.
     */
    List<String> enrol(String username, String secret, String typed) {
        Account account = accounts.findByUsername(username)
                .orElseThrow(() -> new BusinessRuleViolation("account.unknown", "账号不存在"));
        if (account.hasSecondFactor()) {
            throw new BusinessRuleViolation("second-factor.enrolled", "已设置二次验证；如需更换请联系安全管理员重置");
        }
        Instant now = clock.instant();
        OptionalLong step = Totp.matchingStep(secret, typed, now);
        if (step.isEmpty()) {
            throw new BusinessRuleViolation("second-factor.code", "动态口令不正确，请核对手机时间后输入验证器当前显示的6位数字");
        }
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) codes.add(recoveryCode());
        account.enrolSecondFactor(secret, step.getAsLong(), codes.stream().map(SignIn::recoveryHash).toList(), now);
        accounts.save(account);
        audit.recordAlone(username, account.unitIds(), Event.success("SECOND_FACTOR_ENROLLED", "account", username, null, "设置二次验证（动态口令）"));
        return codes;
    }

    private static String recoveryCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            if (i == 5) code.append('-');
            code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }
}
