package org.xiezuo.security;

import java.util.Optional;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/** The actor of the current request, when someone is signed in. */
public final class SignedIn {

    private SignedIn() {}

    public static Optional<Actor> actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        if (authentication.getPrincipal() instanceof SignedInUser user) {
            return Optional.of(user.actor());
        }
        // another authentication mechanism (tests, later API tokens): roles from the ROLE_ authorities
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = String.valueOf(authority.getAuthority());
            for (Role role : Role.values()) {
                if (name.equals("ROLE_" + role.name())) roles.add(role);
            }
        }
        return Optional.of(Actor.user(authentication.getName(), authentication.getName(), roles));
    }
}
