package org.xiezuo.security;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.xiezuo.shared.Role;

/** A person who signs in. One account per person; never shared. */
class Account {

    private @Id @Nullable Long id;
    private @Version int version;
    private final String username;
    private String displayName;
    private String passwordHash;
    private boolean enabled;
    private boolean mustChangePassword;
    private @Nullable Instant passwordChangedAt;
    private final Instant createdAt;
    private final Set<AccountRole> roles;

    @PersistenceCreator
    Account(@Nullable Long id, int version, String username, String displayName, String passwordHash, boolean enabled,
            boolean mustChangePassword, @Nullable Instant passwordChangedAt, Instant createdAt, Set<AccountRole> roles) {
        this.id = id;
        this.version = version;
        this.username = username;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.enabled = enabled;
        this.mustChangePassword = mustChangePassword;
        this.passwordChangedAt = passwordChangedAt;
        this.createdAt = createdAt;
        this.roles = new HashSet<>(roles);
    }

    static Account create(String username, String displayName, String passwordHash, boolean mustChangePassword,
                          Set<Role> roles, Instant now) {
        Set<AccountRole> held = new HashSet<>();
        roles.forEach(r -> held.add(new AccountRole(r)));
        return new Account(null, 0, username, displayName, passwordHash, true, mustChangePassword,
                mustChangePassword ? null : now, now, held);
    }

    void changePassword(String newHash, Instant now) {
        passwordHash = newHash;
        mustChangePassword = false;
        passwordChangedAt = now;
    }

    @Nullable Long id() { return id; }

    String username() { return username; }

    String displayName() { return displayName; }

    String passwordHash() { return passwordHash; }

    boolean enabled() { return enabled; }

    boolean mustChangePassword() { return mustChangePassword; }

    Set<Role> roles() {
        Set<Role> set = EnumSet.noneOf(Role.class);
        roles.forEach(r -> set.add(r.role()));
        return set;
    }
}
