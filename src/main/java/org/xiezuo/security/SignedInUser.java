package org.xiezuo.security;

import java.io.Serial;
import java.util.Set;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/** The principal kept in the (database-backed) session. */
class SignedInUser extends User {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String displayName;
    private final Set<Role> roles;
    private final boolean mustChangePassword;

    SignedInUser(String username, String passwordHash, boolean enabled, String displayName, Set<Role> roles,
                 boolean mustChangePassword) {
        super(username, passwordHash, enabled, true, true, true,
                roles.stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList());
        this.displayName = displayName;
        this.roles = Set.copyOf(roles);
        this.mustChangePassword = mustChangePassword;
    }

    String displayName() { return displayName; }

    boolean mustChangePassword() { return mustChangePassword; }

    SignedInUser withPasswordChanged() {
        return new SignedInUser(getUsername(), "", isEnabled(), displayName, roles, false);
    }

    Actor actor() {
        return Actor.user(getUsername(), displayName, roles);
    }
}
