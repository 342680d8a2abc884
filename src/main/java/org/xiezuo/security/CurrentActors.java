package org.xiezuo.security;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * The actor of the current request, read from the account as it is now — roles, units and their
 * districts — once per request. A disabled or deleted account has no actor, whatever its session says.
 */
@Component
public class CurrentActors {

    private static final String CACHE = CurrentActors.class.getName() + ".actor";

    private final JdbcClient jdbc;

    CurrentActors(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The fully signed-in actor; empty for anonymous requests and sign-ins with steps still open. */
    public Optional<Actor> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        Object principal = authentication.getPrincipal();
        if (principal instanceof SignedInUser user) {
            return user.complete() ? cached(user.username()) : Optional.empty();
        }
        if (principal instanceof ApiTokens.TokenHolder holder) {
            return cached(holder.username());
        }
        if (principal instanceof UserDetails details) {
            return Optional.of(fromAuthorities(details.getUsername(), authentication));
        }
        return Optional.empty();
    }

    /** The signed-in person even while sign-in steps are open (for the pages of those steps). */
    Optional<SignedInUser> signedInUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof SignedInUser user
                ? Optional.of(user) : Optional.empty();
    }

    /**
     * The account's actor now, read at most once per request (the sign-in guard and the authorisation of
     * the same request share it). Empty when the account is gone or disabled.
     */
    Optional<Actor> account(String username) {
        return cached(username);
    }

    private Optional<Actor> cached(String username) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null && request.getAttribute(CACHE, RequestAttributes.SCOPE_REQUEST) instanceof Actor actor
                && actor.name().equals(username)) {
            return Optional.of(actor);
        }
        Optional<Actor> actor = load(username);
        if (request != null) actor.ifPresent(a -> request.setAttribute(CACHE, a, RequestAttributes.SCOPE_REQUEST));
        return actor;
    }

    /** An enabled account with its roles and units, one row per role and unit (read on every request). */
    private static final String ACTOR = """
            select a.display_name, r.role, u.id as unit_id, u.district_id
              from security_account a
              left join security_account_role r on r.account_id = a.id
              left join security_account_unit au on au.account_id = a.id
              left join unit u on u.id = au.unit_id
             where a.username = :u and a.enabled = true
            """;

    /** The account's actor now, if it exists and is enabled: one statement. */
    Optional<Actor> load(String username) {
        String[] displayName = new String[1];
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Set<Long> units = new HashSet<>();
        Set<Long> districts = new HashSet<>();
        jdbc.sql(ACTOR).param("u", username).query(rs -> {
            displayName[0] = rs.getString("display_name");
            String role = rs.getString("role");
            if (role != null) roles.add(Role.valueOf(role));
            long unit = rs.getLong("unit_id");
            if (!rs.wasNull()) {
                units.add(unit);
                districts.add(rs.getLong("district_id"));
            }
        });
        if (displayName[0] == null) return Optional.empty();
        return Optional.of(Actor.user(username, displayName[0], roles, units, districts));
    }

    /** Test and tool principals that are not accounts: roles from their ROLE_ authorities, no units. */
    private static Actor fromAuthorities(String username, Authentication authentication) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            for (Role role : Role.values()) {
                if (("ROLE_" + role.name()).equals(authority.getAuthority())) roles.add(role);
            }
        }
        return Actor.user(username, username, roles);
    }
}
