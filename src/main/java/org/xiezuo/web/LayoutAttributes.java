package org.xiezuo.web;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.xiezuo.security.SignedIn;
import org.xiezuo.shared.Actor;

/** What the layout shows on every page: who is signed in. */
@ControllerAdvice
class LayoutAttributes {

    @ModelAttribute("currentUser")
    @Nullable Actor currentUser() {
        return SignedIn.actor().orElse(null);
    }
}
