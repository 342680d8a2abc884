package org.xiezuo.reporting.web;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.security.CurrentActors;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Permission;

/**
 * The number of reports waiting for the signed-in reviewer, for the 待审核 entry of the menu: counted on
 * pages (GET, not the API) and only for reviewers, so nobody else pays for it.
 */
@ControllerAdvice
class ReviewCount {

    private final CurrentActors actors;
    private final ReportingQueries queries;

    ReviewCount(CurrentActors actors, ReportingQueries queries) {
        this.actors = actors;
        this.queries = queries;
    }

    @ModelAttribute("reviewCount")
    @Nullable Long reviewCount(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            return null;
        }
        Actor actor = actors.current().orElse(null);
        if (actor == null || !Access.permits(actor, Permission.REPORT_REVIEW_UNIT) && !Access.permits(actor, Permission.REPORT_APPROVE)) {
            return null;
        }
        return queries.countInbox(actor);
    }
}
