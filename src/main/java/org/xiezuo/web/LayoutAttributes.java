package org.xiezuo.web;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.xiezuo.security.CurrentActors;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Permission;

/** What the layout shows on every page: who is signed in and which parts of the menu apply to them. */
@ControllerAdvice
class LayoutAttributes {

    private final CurrentActors actors;

    LayoutAttributes(CurrentActors actors) {
        this.actors = actors;
    }

    @ModelAttribute("currentUser")
    @Nullable Actor currentUser() {
        return actors.current().orElse(null);
    }

    /** {@code can.PLAN_READ} and so on, for showing only the menu entries that lead somewhere. */
    @ModelAttribute("can")
    Map<String, Boolean> can() {
        Map<String, Boolean> can = new java.util.HashMap<>();
        Actor actor = actors.current().orElse(null);
        for (Permission permission : Permission.values()) {
            can.put(permission.name(), actor != null && Access.permits(actor, permission));
        }
        return can;
    }
}
