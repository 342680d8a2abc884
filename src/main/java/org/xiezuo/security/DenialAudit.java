package org.xiezuo.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.shared.Actor;
import org.xiezuo.audit.AuditTrail.Event;

/** Every refused request is an audit row (等保 8.1.4.3; ASVS 5.0 16.3.2), then a 403 page or problem. */
@Component
class DenialAudit {

    private final AuditTrail audit;
    private final CurrentActors actors;

    DenialAudit(AuditTrail audit, CurrentActors actors) {
        this.audit = audit;
        this.actors = actors;
    }

    AccessDeniedHandler web() {
        return (request, response, denied) -> {
            record(request);
            response.sendError(HttpStatus.FORBIDDEN.value());
        };
    }

    AccessDeniedHandler api() {
        return (request, response, denied) -> {
            record(request);
            SecurityConfiguration.problem(response, HttpStatus.FORBIDDEN, "没有权限", "没有权限执行此操作");
        };
    }

    private void record(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String actor = authentication == null ? "anonymous" : authentication.getName();
        String target = request.getMethod() + " " + request.getRequestURI();
        audit.recordAlone(actor, actors.current().map(Actor::unitIds).orElse(java.util.Set.of()), new Event("AUTHZ_DENIED", "endpoint", target.length() > 64 ? target.substring(0, 64) : target,
                null, "DENIED", "无权访问 " + target));
    }
}
