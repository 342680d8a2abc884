package org.xiezuo.security;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.xiezuo.shared.Actor;

/** The actor of the current request, when someone is signed in. */
public final class SignedIn {

    private SignedIn() {}

    public static Optional<Actor> actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof SignedInUser user) {
            return Optional.of(user.actor());
        }
        return Optional.empty();
    }
}
