package org.xiezuo.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Role;
import org.xiezuo.unit.Unit;

/**
 * A person who signs in — one account per person, never shared (等保 8.1.4.2 c). Holds the roles and
 * the units the person works for, the lockout counter, the second factor and its recovery codes.
 */
class Account {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.\\-]{3,64}");
    private static final Pattern PHONE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    private @Id @Nullable Long id;
    private @Version int version;
    private final String username;
    private String displayName;
    private String passwordHash;
    private boolean enabled;
    private boolean mustChangePassword;
    private @Nullable Instant passwordChangedAt;
    private final Instant createdAt;
    private @Nullable String createdBy;
    private @Nullable String phone;
    private @Nullable String email;
    private int failedAttempts;
    private @Nullable Instant lockedUntil;
    private @Nullable String totpSecret;
    private @Nullable Long totpLastStep;
    private @Nullable Instant totpEnrolledAt;
    private Set<AccountRole> roles;
    private Set<AccountUnit> units;
    private List<RecoveryCode> recoveryCodes;

    @PersistenceCreator
    Account(@Nullable Long id, int version, String username, String displayName, String passwordHash, boolean enabled,
            boolean mustChangePassword, @Nullable Instant passwordChangedAt, Instant createdAt, @Nullable String createdBy,
            @Nullable String phone, @Nullable String email, int failedAttempts, @Nullable Instant lockedUntil,
            @Nullable String totpSecret, @Nullable Long totpLastStep, @Nullable Instant totpEnrolledAt,
            Set<AccountRole> roles, Set<AccountUnit> units, List<RecoveryCode> recoveryCodes) {
        this.id = id;
        this.version = version;
        this.username = username;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.enabled = enabled;
        this.mustChangePassword = mustChangePassword;
        this.passwordChangedAt = passwordChangedAt;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
        this.phone = phone;
        this.email = email;
        this.failedAttempts = failedAttempts;
        this.lockedUntil = lockedUntil;
        this.totpSecret = totpSecret;
        this.totpLastStep = totpLastStep;
        this.totpEnrolledAt = totpEnrolledAt;
        this.roles = new HashSet<>(roles);
        this.units = new HashSet<>(units);
        this.recoveryCodes = new ArrayList<>(recoveryCodes);
    }

    /** A new account; with {@code mustChangePassword} its password is temporary. */
    static Account create(String username, String displayName, String passwordHash, boolean mustChangePassword,
                          Set<Role> roles, Set<Long> unitIds, @Nullable String phone, @Nullable String email,
                          String createdBy, Instant now) {
        String name = checkUsername(username);
        Account account = new Account(null, 0, name, "", passwordHash, true, mustChangePassword,
                mustChangePassword ? null : now, now, createdBy, null, null, 0, null, null, null, null, Set.of(), Set.of(),
                List.of());
        account.describe(displayName, phone, email);
        account.assign(roles, unitIds);
        return account;
    }

    /** Name and contact details. */
    void describe(String name, @Nullable String newPhone, @Nullable String newEmail) {
        String clean = checkDisplayName(name);
        String p = checkPhone(newPhone);
        String e = checkEmail(newEmail);
        displayName = clean;
        phone = p;
        email = e;
    }

    /**
     * Roles and units together, because the rules tie them: at most one of the three administrators and
     * nothing else with it (等保 三员分立); 部门负责人 and 填报员 need at least one unit.
     */
    void assign(Set<Role> newRoles, Set<Long> unitIds) {
        checkRoles(newRoles);
        checkUnitsFor(newRoles, unitIds);
        roles = new HashSet<>(newRoles.stream().map(AccountRole::new).toList());
        units = new HashSet<>(unitIds.stream().map(AccountUnit::of).toList());
    }

    // ------------------------------------------------------------------ the rules one by one

    /**
     * The user name as stored (stripped), or a violation. The rules stand alone so that a bulk import
     * reports every broken rule of a row, column by column, in the same words as the form.
     */
    static String checkUsername(@Nullable String username) {
        String name = username == null ? "" : username.strip();
        if (!USERNAME.matcher(name).matches()) {
            throw new BusinessRuleViolation("account.username", "用户名应为3至64位字母、数字、下划线、点或连字符");
        }
        return name;
    }

    static String checkDisplayName(@Nullable String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 100) {
            throw new BusinessRuleViolation("account.name", "姓名应为1至100个字符");
        }
        return clean;
    }

    /** The phone number or null when blank; a mainland mobile number of 11 digits. */
    static @Nullable String checkPhone(@Nullable String phone) {
        String p = blankToNull(phone);
        if (p != null && !PHONE.matcher(p).matches()) {
            throw new BusinessRuleViolation("account.phone", "手机号应为11位中国大陆手机号码");
        }
        return p;
    }

    static @Nullable String checkEmail(@Nullable String email) {
        String e = blankToNull(email);
        if (e != null && (e.length() > 100 || !EMAIL.matcher(e).matches())) {
            throw new BusinessRuleViolation("account.email", "电子邮箱格式不正确");
        }
        return e;
    }

    /** At least one role; at most one of the three administrators, and then no other role (等保 三员分立). */
    static void checkRoles(Set<Role> roles) {
        if (roles.isEmpty()) throw new BusinessRuleViolation("account.roles.empty", "至少需要一个角色");
        long administrators = roles.stream().filter(Role::isAdministrator).count();
        if (administrators > 0 && roles.size() > 1) {
            throw new BusinessRuleViolation("account.roles.separation",
                    "系统管理员、安全管理员、审计管理员三个角色互斥，且不能与其他角色兼任");
        }
    }

    /** 部门负责人 and 填报员 work for units: they need at least one. */
    static void checkUnitsFor(Set<Role> roles, Set<Long> unitIds) {
        if (roles.stream().anyMatch(Role::isUnitScoped) && unitIds.isEmpty()) {
            throw new BusinessRuleViolation("account.units.required", "部门负责人和填报员须绑定至少一个单位");
        }
    }

    // ------------------------------------------------------------------ sign-in

    boolean isLocked(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    /** Counts a failed password or second-factor attempt; answers true when this failure locks the account. */
    boolean signInFailed(Instant now, int maxFailures, Duration lockDuration) {
        if (lockedUntil != null && !lockedUntil.isAfter(now)) {
            lockedUntil = null;
            failedAttempts = 0;
        }
        failedAttempts++;
        if (failedAttempts >= maxFailures && lockedUntil == null) {
            lockedUntil = now.plus(lockDuration);
            return true;
        }
        return false;
    }

    void signInSucceeded() {
        failedAttempts = 0;
        lockedUntil = null;
    }

    void unlock() {
        failedAttempts = 0;
        lockedUntil = null;
    }

    /** The password is older than the allowed age (等保 8.1.4.1 a “定期更换”). */
    boolean passwordExpired(Instant now, Duration maxAge) {
        return passwordChangedAt != null && passwordChangedAt.plus(maxAge).isBefore(now);
    }

    void changePassword(String newHash, Instant now) {
        passwordHash = newHash;
        mustChangePassword = false;
        passwordChangedAt = now;
    }

    /** A password set by an administrator is temporary: it must be changed at the next sign-in. */
    void resetPassword(String temporaryHash) {
        passwordHash = temporaryHash;
        mustChangePassword = true;
        passwordChangedAt = null;
        unlock();
    }

    void disable() { enabled = false; }

    void enable() { enabled = true; }

    // ------------------------------------------------------------------ second factor

    boolean hasSecondFactor() { return totpSecret != null && totpEnrolledAt != null; }

    void enrolSecondFactor(String secret, long step, List<String> recoveryCodeHashes, Instant now) {
        totpSecret = secret;
        totpLastStep = step;
        totpEnrolledAt = now;
        recoveryCodes = new ArrayList<>(recoveryCodeHashes.stream().map(h -> new RecoveryCode(h, null)).toList());
    }

    /** Accepts a time step once: a code of a step already used (or older) is a replay. */
    boolean acceptStep(long step) {
        if (totpLastStep != null && step <= totpLastStep) return false;
        totpLastStep = step;
        return true;
    }

    /** Uses a recovery code once; false when it is unknown or used. */
    boolean useRecoveryCode(String codeHash, Instant now) {
        for (int i = 0; i < recoveryCodes.size(); i++) {
            RecoveryCode code = recoveryCodes.get(i);
            if (code.usedAt() == null && code.codeHash().equals(codeHash)) {
                recoveryCodes.set(i, new RecoveryCode(code.codeHash(), now));
                return true;
            }
        }
        return false;
    }

    void resetSecondFactor() {
        totpSecret = null;
        totpLastStep = null;
        totpEnrolledAt = null;
        recoveryCodes = new ArrayList<>();
    }

    // ------------------------------------------------------------------ reading

    @Nullable Long id() { return id; }

    int version() { return version; }

    String username() { return username; }

    String displayName() { return displayName; }

    String passwordHash() { return passwordHash; }

    boolean enabled() { return enabled; }

    boolean mustChangePassword() { return mustChangePassword; }

    @Nullable Instant passwordChangedAt() { return passwordChangedAt; }

    Instant createdAt() { return createdAt; }

    @Nullable String phone() { return phone; }

    @Nullable String email() { return email; }

    int failedAttempts() { return failedAttempts; }

    @Nullable Instant lockedUntil() { return lockedUntil; }

    @Nullable String totpSecret() { return totpSecret; }

    long unusedRecoveryCodes() { return recoveryCodes.stream().filter(c -> c.usedAt() == null).count(); }

    Set<Role> roles() {
        Set<Role> set = EnumSet.noneOf(Role.class);
        roles.forEach(r -> set.add(r.role()));
        return set;
    }

    Set<Long> unitIds() {
        Set<Long> ids = new HashSet<>();
        units.forEach(u -> ids.add(u.unitId()));
        return ids;
    }

    /** Moves the binding from a merged unit to the one that stays. */
    boolean replaceUnit(long from, long into) {
        Set<Long> ids = unitIds();
        if (!ids.remove(from)) return false;
        ids.add(into);
        units = new HashSet<>(ids.stream().map(AccountUnit::of).toList());
        return true;
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** A unit the account works for. */
    record AccountUnit(AggregateReference<Unit, Long> unit) {
        static AccountUnit of(long unitId) { return new AccountUnit(AggregateReference.to(unitId)); }

        long unitId() { return unit.getId(); }
    }

    /** A one-time recovery code, stored as its SHA-256. */
    record RecoveryCode(String codeHash, @Nullable Instant usedAt) {}
}
