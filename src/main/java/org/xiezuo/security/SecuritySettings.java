package org.xiezuo.security;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.xiezuo.shared.Role;

/**
 * Sign-in and session rules (等保 8.1.4.1, SECURITY.md §1). Every threshold is configurable under
 * {@code xiezuo.security.*}; the defaults are the tested ones. Relaxing the second factor for a role is a
 * deviation from 等保 8.1.4.1 d) that the operator records.
 */
@ConfigurationProperties("xiezuo.security")
record SecuritySettings(
        @DefaultValue("5") int maxFailures,
        @DefaultValue("30m") Duration lockDuration,
        @DefaultValue("20") int maxFailuresPerAddress,
        @DefaultValue("10m") Duration addressWindow,
        @DefaultValue("90d") Duration passwordMaxAge,
        @DefaultValue("12h") Duration absoluteSessionTimeout,
        @DefaultValue({"ADMIN", "SECURITY_ADMIN", "AUDITOR", "COORDINATOR", "UNIT_HEAD", "REPORTER", "LEADER",
                "WEST_CONFIRMER"}) Set<Role> secondFactorRoles,
        @DefaultValue({"putuo", "zhoushan", "wanyuan", "dazhou", "zhejiang", "sichuan", "xiezuo", "dongxibu",
                "xiebanshi", "xiezuoban", "zhengfu", "admin"}) List<String> contextWords,
        @DefaultValue("365d") Duration maxTokenLifetime) {

    SecuritySettings {
        secondFactorRoles = secondFactorRoles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(secondFactorRoles);
        contextWords = List.copyOf(contextWords);
    }

    boolean needsSecondFactor(Set<Role> roles) {
        return roles.stream().anyMatch(secondFactorRoles::contains);
    }
}
