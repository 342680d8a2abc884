package org.xiezuo.security;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Permission;
import org.xiezuo.shared.Role;
import org.xiezuo.unit.Unit;
import org.xiezuo.unit.Units;
import org.xiezuo.unit.UnitsMerged;

/**
 * Account administration under the separation of duties (等保 安全管理中心): the system administrator
 * creates accounts, edits them, binds units, disables and resets passwords; the security administrator
 * grants roles, unlocks and resets second factors; nobody changes their own roles or disables
 * themselves. Disabling or resetting ends the account's sessions on every instance. Every change is
 * audited with what it was before.
 */
@Service
@Transactional
public class AccountAdministration {

    private final Accounts accounts;
    private final Units units;
    private final PasswordPolicy policy;
    private final AuditTrail audit;
    private final JdbcClient jdbc;
    private final Clock clock;

    AccountAdministration(Accounts accounts, Units units, PasswordPolicy policy, AuditTrail audit, JdbcClient jdbc,
                          Clock clock) {
        this.accounts = accounts;
        this.units = units;
        this.policy = policy;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An account as administrators see it. */
    public record AccountView(long id, int version, String username, String displayName, @Nullable String phone,
                              @Nullable String email, Set<Role> roles, List<UnitRef> units, boolean enabled,
                              @Nullable Instant lockedUntil, boolean secondFactor, boolean mustChangePassword,
                              @Nullable Instant passwordChangedAt, Instant createdAt) {
        public boolean locked(Instant now) { return lockedUntil != null && lockedUntil.isAfter(now); }

        /** 启用, 停用 or 锁定至 2026-03-01 10:30 (China time), as the lists show it. */
        public String state(Instant now) {
            if (!enabled) return "停用";
            if (locked(now)) {
                return "锁定至 " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(lockedUntil.atZone(AuditTrail.ZONE));
            }
            return "启用";
        }

        public String roleLabels() {
            return roles.stream().sorted().map(Role::label).collect(Collectors.joining("、"));
        }

        public String unitNames() {
            return units.stream().map(UnitRef::name).collect(Collectors.joining("、"));
        }
    }

    public record UnitRef(long id, String name) {}

    /** What a new account needs; without a password a temporary one is generated. */
    public record NewAccount(String username, String displayName, Set<Role> roles, Set<Long> unitIds,
                             @Nullable String phone, @Nullable String email, @Nullable String password) {}

    /** A created account; {@code temporaryPassword} is shown once (null when the creator chose it). */
    public record Created(long id, String username, @Nullable String temporaryPassword) {}

    /**
     * Creates an account. Its password is temporary either way: the person changes it at first sign-in.
     * The roles it starts with are audited as a grant ({@code ROLES_GRANTED 无 → …}) as well, so that the
     * grants of every account can be read from one event type.
     */
    public Created create(Actor actor, NewAccount spec) {
        Access.require(actor, Permission.ACCOUNT_MANAGE);
        requireUnits(spec.unitIds());
        boolean generated = spec.password() == null || spec.password().isBlank();
        String password = generated ? PasswordPolicy.generate() : spec.password();
        if (!generated) {
            List<String> problems = policy.problems(password, spec.username(), unitNames(spec.unitIds()));
            if (!problems.isEmpty()) throw new BusinessRuleViolation("password.weak", String.join("；", problems));
        }
        Account account = Account.create(spec.username(), spec.displayName(), Passwords.ENCODER.encode(password), true,
                spec.roles(), spec.unitIds(), spec.phone(), spec.email(), actor.name(), clock.instant());
        if (accounts.findByUsername(account.username()).isPresent()) {
            throw new BusinessRuleViolation("account.username.taken", "用户名「" + account.username() + "」已被使用");
        }
        try {
            account = accounts.save(account);
        } catch (DuplicateKeyException e) {
            throw new BusinessRuleViolation("account.username.taken", "用户名「" + account.username() + "」已被使用");
        }
        audit.record(actor, Event.success("ACCOUNT_CREATED", "account", account.username(), null,
                describe(account) + (generated ? "，系统生成临时密码" : "，管理员设置临时密码")));
        audit.record(actor, Event.success("ROLES_GRANTED", "account", account.username(), null,
                "角色：无 → " + labels(account.roles()) + "（创建账号）"));
        return new Created(account.id(), account.username(), generated ? password : null);
    }

    public void describe(Actor actor, long id, int version, String displayName, @Nullable String phone,
                         @Nullable String email) {
        Access.require(actor, Permission.ACCOUNT_MANAGE);
        Account account = require(id, version);
        String before = account.displayName() + "/" + account.phone() + "/" + account.email();
        account.describe(displayName, phone, email);
        accounts.save(account);
        audit.record(actor, Event.success("ACCOUNT_UPDATED", "account", account.username(), null,
                before + " → " + account.displayName() + "/" + account.phone() + "/" + account.email()));
    }

    public void bindUnits(Actor actor, long id, int version, Set<Long> unitIds) {
        Access.require(actor, Permission.ACCOUNT_MANAGE);
        Account account = require(id, version);
        requireUnits(unitIds);
        String before = String.join("、", unitNames(account.unitIds()));
        account.assign(account.roles(), unitIds);
        accounts.save(account);
        audit.record(actor, Event.success("ACCOUNT_UNITS_CHANGED", "account", account.username(), null,
                "绑定单位：" + before + " → " + String.join("、", unitNames(unitIds))));
    }

    /** Grants exactly these roles (security administrator; never for oneself). */
    public void grantRoles(Actor actor, long id, int version, Set<Role> roles) {
        Access.require(actor, Permission.ROLE_GRANT);
        Account account = require(id, version);
        refuseOwn(actor, account, "不能修改本人的角色");
        String before = labels(account.roles());
        account.assign(roles, account.unitIds());
        accounts.save(account);
        audit.record(actor, Event.success("ROLES_GRANTED", "account", account.username(), null,
                "角色：" + before + " → " + labels(roles)));
    }

    public void disable(Actor actor, long id) {
        Access.require(actor, Permission.ACCOUNT_MANAGE);
        Account account = require(id);
        refuseOwn(actor, account, "不能停用本人的账号");
        account.disable();
        accounts.save(account);
        int sessions = endSessions(account.username());
        audit.record(actor, Event.success("ACCOUNT_DISABLED", "account", account.username(), null,
                "停用账号，结束会话" + sessions + "个"));
    }

    public void enable(Actor actor, long id) {
        Access.require(actor, Permission.ACCOUNT_MANAGE);
        Account account = require(id);
        account.enable();
        accounts.save(account);
        audit.record(actor, Event.success("ACCOUNT_ENABLED", "account", account.username(), null, "启用账号"));
    }

    /** Sets a new temporary password, shown once; the person must change it at the next sign-in. */
    public String resetPassword(Actor actor, long id) {
        Access.require(actor, Permission.ACCOUNT_MANAGE);
        Account account = require(id);
        refuseOwn(actor, account, "请在“修改密码”页修改本人的密码");
        String temporary = PasswordPolicy.generate();
        account.resetPassword(Passwords.ENCODER.encode(temporary));
        accounts.save(account);
        int sessions = endSessions(account.username());
        audit.record(actor, Event.success("PASSWORD_RESET", "account", account.username(), null,
                "重置为临时密码，结束会话" + sessions + "个"));
        return temporary;
    }

    public void unlock(Actor actor, long id) {
        Access.require(actor, Permission.ACCOUNT_UNLOCK);
        Account account = require(id);
        account.unlock();
        accounts.save(account);
        audit.record(actor, Event.success("ACCOUNT_UNLOCKED", "account", account.username(), null, "解除锁定"));
    }

    /** Removes the second factor, e.g. after a lost phone; the person enrols again at the next sign-in. */
    public void resetSecondFactor(Actor actor, long id) {
        Access.require(actor, Permission.ROLE_GRANT);
        Account account = require(id);
        refuseOwn(actor, account, "不能重置本人的二次验证");
        account.resetSecondFactor();
        accounts.save(account);
        int sessions = endSessions(account.username());
        audit.record(actor, Event.success("SECOND_FACTOR_RESET", "account", account.username(), null,
                "重置二次验证，结束会话" + sessions + "个"));
    }

    /** Accounts for the administration pages, filtered by user name or name, ordered by user name. */
    @Transactional(readOnly = true)
    public List<AccountView> list(Actor actor, @Nullable String search) {
        requireAnyAdministration(actor);
        String term = search == null ? "" : search.strip().toLowerCase(java.util.Locale.ROOT);
        Map<Long, String> names = unitNamesById();
        return accounts.findAll().stream()
                .filter(a -> term.isEmpty() || a.username().toLowerCase(java.util.Locale.ROOT).contains(term)
                        || a.displayName().toLowerCase(java.util.Locale.ROOT).contains(term))
                .sorted(Comparator.comparing(Account::username))
                .map(a -> view(a, names))
                .toList();
    }

    @Transactional(readOnly = true)
    public AccountView get(Actor actor, long id) {
        requireAnyAdministration(actor);
        return view(require(id), unitNamesById());
    }

    @Transactional(readOnly = true)
    public java.util.Optional<AccountView> findByUsername(Actor actor, String username) {
        requireAnyAdministration(actor);
        return accounts.findByUsername(username).map(a -> view(a, unitNamesById()));
    }

    /** Bindings follow a unit merge. */
    @EventListener
    void on(UnitsMerged merged) {
        for (Account account : accounts.findAll()) {
            if (account.replaceUnit(merged.from(), merged.into())) accounts.save(account);
        }
    }

    /** Deletes every stored session of the account, on every instance (sessions live in the database). */
    int endSessions(String username) {
        return jdbc.sql("delete from spring_session where principal_name = :u").param("u", username).update();
    }

    private static void requireAnyAdministration(Actor actor) {
        if (!Access.permits(actor, Permission.ACCOUNT_MANAGE) && !Access.permits(actor, Permission.ROLE_GRANT)
                && !Access.permits(actor, Permission.ACCOUNT_UNLOCK)) {
            throw new AccessDenied("没有权限查看账号");
        }
    }

    private static void refuseOwn(Actor actor, Account account, String message) {
        if (account.username().equals(actor.name())) throw new AccessDenied(message);
    }

    private Account require(long id) {
        return accounts.findById(id).orElseThrow(() -> new NotFound("账号", id));
    }

    private Account require(long id, int version) {
        Account account = require(id);
        if (account.version() != version) {
            throw new OptimisticLockingFailureException("该记录已被他人修改，请刷新后重试");
        }
        return account;
    }

    private void requireUnits(Set<Long> unitIds) {
        for (Long id : unitIds) {
            if (units.findById(id).isEmpty()) throw new BusinessRuleViolation("account.unit.unknown", "单位（编号" + id + "）不存在");
        }
    }

    private List<String> unitNames(Set<Long> unitIds) {
        List<String> names = new ArrayList<>();
        for (Long id : unitIds) units.findById(id).map(Unit::name).ifPresent(names::add);
        return names;
    }

    private Map<Long, String> unitNamesById() {
        Map<Long, String> names = new java.util.HashMap<>();
        units.findAll().forEach(u -> names.put(u.id(), u.name()));
        return names;
    }

    private static AccountView view(Account a, Map<Long, String> names) {
        List<UnitRef> refs = a.unitIds().stream().sorted().map(id -> new UnitRef(id, Objects.toString(names.get(id), "?"))).toList();
        return new AccountView(Objects.requireNonNull(a.id()), a.version(), a.username(), a.displayName(), a.phone(),
                a.email(), a.roles(), refs, a.enabled(), a.lockedUntil(), a.hasSecondFactor(), a.mustChangePassword(),
                a.passwordChangedAt(), a.createdAt());
    }

    private String describe(Account a) {
        return a.username() + "（" + a.displayName() + "），角色：" + labels(a.roles()) + "，单位："
                + String.join("、", unitNames(a.unitIds()));
    }

    private static String labels(Set<Role> roles) {
        return roles.stream().sorted().map(Role::label).collect(Collectors.joining("、"));
    }
}
