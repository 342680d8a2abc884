package org.xiezuo.security;

import java.time.Duration;
import java.util.List;

import org.springframework.stereotype.Component;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Permission;
import org.xiezuo.shared.Role;

/**
 * The sign-in and session rules in force, for the security administrator to read (等保 安全管理中心:
 * the security administrator oversees the security policy). They are changed in the configuration
 * ({@code xiezuo.security.*}), never on a page, so every change goes through the operator's change
 * process and is the same on every instance.
 */
@Component
public class SecurityRules {

    private final SecuritySettings settings;
    private final AccountImportSettings imports;
    private final Duration idleTimeout;

    SecurityRules(SecuritySettings settings, AccountImportSettings imports,
                  org.springframework.core.env.Environment environment) {
        this.settings = settings;
        this.imports = imports;
        this.idleTimeout = environment.getProperty("spring.session.timeout", Duration.class, Duration.ofMinutes(30));
    }

    /** The rules as the page lists them. */
    public record InForce(int maxFailures, Duration lockDuration, int maxFailuresPerAddress, Duration addressWindow,
                          Duration passwordMaxAge, int passwordMinLength, Duration idleTimeout,
                          Duration absoluteSessionTimeout, List<Role> secondFactorRoles, List<Role> withoutSecondFactor,
                          Duration maxTokenLifetime, String importMaxFileSize, int importMaxRows) {

        /** “30分钟”, “12小时”, “90天”: the largest whole unit. */
        public String text(Duration duration) {
            if (duration.isZero()) return "0";
            if (duration.toSeconds() % 86400 == 0) return duration.toDays() + "天";
            if (duration.toSeconds() % 3600 == 0) return duration.toHours() + "小时";
            if (duration.toSeconds() % 60 == 0) return duration.toMinutes() + "分钟";
            return duration.toSeconds() + "秒";
        }

        public String labels(List<Role> roles) {
            return roles.isEmpty() ? "无" : String.join("、", roles.stream().map(Role::label).toList());
        }
    }

    public InForce inForce(Actor actor) {
        Access.require(actor, Permission.SECURITY_SETTINGS);
        List<Role> second = settings.secondFactorRoles().stream().sorted().toList();
        List<Role> without = java.util.Arrays.stream(Role.values()).filter(r -> !second.contains(r)).toList();
        return new InForce(settings.maxFailures(), settings.lockDuration(), settings.maxFailuresPerAddress(),
                settings.addressWindow(), settings.passwordMaxAge(), PasswordPolicy.MIN_LENGTH, idleTimeout,
                settings.absoluteSessionTimeout(), second, without, settings.maxTokenLifetime(),
                imports.maxFileSizeText(), imports.maxRows());
    }
}
