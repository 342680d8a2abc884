package org.xiezuo.notification.web;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.xiezuo.notification.Inbox;
import org.xiezuo.security.CurrentActors;
import org.xiezuo.shared.Actor;

/** The unread count on the bell of every page (GET pages only, not the API). */
@ControllerAdvice
class UnreadCount {

    private final CurrentActors actors;
    private final Inbox inbox;

    UnreadCount(CurrentActors actors, Inbox inbox) {
        this.actors = actors;
        this.inbox = inbox;
    }

    @ModelAttribute("unreadNotifications")
    @Nullable Long unreadNotifications(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            return null;
        }
        Actor actor = actors.current().orElse(null);
        return actor == null ? null : inbox.unread(actor);
    }
}
