package org.xiezuo.security;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Role;

/** Accounts and their passwords: loads them for sign-in, creates the bootstrap account, changes passwords. */
@Service
@Transactional
class Credentials implements UserDetailsService {

    /** Hashes in Spring Security's delegating format ({bcrypt} today), so the algorithm can change later. */
    static final PasswordEncoder PASSWORDS = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    private final Accounts accounts;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;
    private final Clock clock;

    Credentials(Accounts accounts, AuditTrail audit, Clock clock) {
        this.accounts = accounts;
        this.encoder = PASSWORDS;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        Account account = accounts.findByUsername(username)
                .orElseThrow(() -> new UsernameNotFoundException("unknown account"));
        return new SignedInUser(account.username(), account.passwordHash(), account.enabled(), account.displayName(),
                account.roles(), account.mustChangePassword());
    }

    /** What {@link #bootstrap} did; {@code generatedPassword} is to be shown once and never stored. */
    record Bootstrap(boolean created, @Nullable String generatedPassword, boolean weakConfiguredPassword) {}

    /** Creates the bootstrap administrator when no account exists yet. */
    Bootstrap bootstrap(AdminSettings settings) {
        if (accounts.count() > 0) return new Bootstrap(false, null, false);
        boolean generated = settings.password() == null || settings.password().isBlank();
        String password = generated ? PasswordPolicy.generate() : settings.password();
        boolean weak = !PasswordPolicy.problems(password, settings.username()).isEmpty();
        Account admin = Account.create(settings.username(), "系统管理员", encoder.encode(password), generated || weak,
                Set.of(Role.ADMIN), clock.instant());
        try {
            accounts.save(admin);
        } catch (DuplicateKeyException e) {
            return new Bootstrap(false, null, false); // another instance created it at the same moment
        }
        audit.record(Actor.system(), Event.success("ACCOUNT_CREATED", "account", settings.username(), null,
                "首次启动创建系统管理员账号 " + settings.username()));
        return new Bootstrap(true, generated ? password : null, !generated && weak);
    }

    void changePassword(Actor actor, String current, String next, String confirmation) {
        Account account = accounts.findByUsername(actor.name())
                .orElseThrow(() -> new BusinessRuleViolation("account.unknown", "账号不存在"));
        if (!encoder.matches(current, account.passwordHash())) {
            throw new BusinessRuleViolation("password.current.wrong", "当前密码不正确");
        }
        if (!next.equals(confirmation)) {
            throw new BusinessRuleViolation("password.confirmation", "两次输入的新密码不一致");
        }
        if (encoder.matches(next, account.passwordHash())) {
            throw new BusinessRuleViolation("password.unchanged", "新密码不能与当前密码相同");
        }
        List<String> problems = PasswordPolicy.problems(next, account.username());
        if (!problems.isEmpty()) {
            throw new BusinessRuleViolation("password.weak", String.join("；", problems));
        }
        account.changePassword(encoder.encode(next), clock.instant());
        accounts.save(account);
        audit.record(actor, Event.success("PASSWORD_CHANGED", "account", account.username(), null, "修改密码"));
    }
}
