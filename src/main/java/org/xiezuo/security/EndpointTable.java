package org.xiezuo.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.pattern.PathPatternParser;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Permission;

/**
 * The access table of every HTTP endpoint — the single source of truth for URL-level decisions. Each
 * row names the endpoint as its controller maps it and what it requires: nothing, an open sign-in
 * step, a completed sign-in, or one of the permissions of {@link Access}, whose table says which roles
 * hold it and whether within a scope. Endpoints not in this table are denied, and a test fails the
 * build for any mapped endpoint without a row here. Object-level scope (which district, which unit)
 * is checked by the services.
 */
public final class EndpointTable {

    /** What a row requires. */
    public enum Kind {
        /** Anyone, signed in or not. */
        PUBLIC,
        /** Signed in with the password, possibly with the second factor or a password change still due. */
        SIGN_IN_STEP,
        /** Signed in with every step done, any role. */
        SIGNED_IN,
        /** Signed in with one of the row's permissions. */
        PERMISSION
    }

    /** One endpoint; {@code method} null means every method. */
    public record Rule(@Nullable HttpMethod method, String pattern, Kind kind, Set<Permission> permissions) {

        RequestMatcher matcher() {
            return method == null ? PathPatternRequestMatcher.withDefaults().matcher(pattern)
                    : PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
        }

        /** Whether an actor passes this row (the URL level; scope comes later in the service). */
        public boolean admits(@Nullable Actor actor) {
            return switch (kind) {
                case PUBLIC, SIGN_IN_STEP -> true;
                case SIGNED_IN -> actor != null;
                case PERMISSION -> actor != null && permissions.stream().anyMatch(p -> Access.permits(actor, p));
            };
        }
    }

    private static final HttpMethod GET = HttpMethod.GET;
    private static final HttpMethod POST = HttpMethod.POST;
    private static final Set<Permission> ANY_ACCOUNT_ADMINISTRATION =
            EnumSet.of(Permission.ACCOUNT_MANAGE, Permission.ROLE_GRANT, Permission.ACCOUNT_UNLOCK);
    private static final Set<Permission> ANY_REVIEW = EnumSet.of(Permission.REPORT_REVIEW_UNIT, Permission.REPORT_APPROVE);

    private static final List<Rule> RULES = List.of(
            // sign-in, errors, health, static files
            open(GET, "/login"), open(POST, "/login"), open(null, "/error"), open(GET, "/actuator/health"),
            open(GET, "/actuator/health/**"), open(GET, "/webjars/**"), open(GET, "/css/**"), open(GET, "/js/**"),
            open(GET, "/favicon.ico"),
            step(POST, "/logout"), step(GET, "/login/second-factor"), step(POST, "/login/second-factor"),
            step(GET, "/account/second-factor"), step(POST, "/account/second-factor"),
            step(GET, "/account/password"), step(POST, "/account/password"),
            // one's own account
            signedIn(GET, "/"), signedIn(GET, "/account"), signedIn(POST, "/account/tokens"),
            signedIn(POST, "/account/tokens/{id}/revoke"),
            signedIn(GET, "/v3/api-docs"), signedIn(GET, "/v3/api-docs/**"), signedIn(GET, "/v3/api-docs.yaml"),
            signedIn(GET, "/swagger-ui.html"), signedIn(GET, "/swagger-ui/**"),
            // one's own notifications and channel choices (NotificationController): any signed-in account
            signedIn(GET, "/notifications"), signedIn(POST, "/notifications/read-all"),
            signedIn(GET, "/notifications/preferences"), signedIn(POST, "/notifications/preferences"),
            signedIn(POST, "/notifications/{id}/read"),
            // plans
            needs(GET, "/plans", Permission.PLAN_READ), needs(GET, "/plans/{id}", Permission.PLAN_READ),
            needs(GET, "/plans/{id}/units/{unitId}", Permission.PLAN_READ),
            needs(GET, "/plans/{id}/edit", Permission.PLAN_EDIT), needs(POST, "/plans/{id}/edit", Permission.PLAN_EDIT),
            needs(POST, "/plans/{id}/archive", Permission.PLAN_EDIT),
            needs(POST, "/plans/{id}/reactivate", Permission.PLAN_EDIT),
            needs(GET, "/plans/{planId}/tasks/new", Permission.PLAN_EDIT),
            needs(POST, "/plans/{planId}/tasks", Permission.PLAN_EDIT),
            needs(GET, "/tasks/{id}/edit", Permission.PLAN_EDIT), needs(POST, "/tasks/{id}", Permission.PLAN_EDIT),
            needs(POST, "/tasks/{id}/delete", Permission.PLAN_EDIT),
            needs(GET, "/plans/{planId}/indicators/new", Permission.PLAN_EDIT),
            needs(POST, "/plans/{planId}/indicators", Permission.PLAN_EDIT),
            needs(GET, "/indicators/{id}/edit", Permission.PLAN_EDIT), needs(POST, "/indicators/{id}", Permission.PLAN_EDIT),
            needs(GET, "/indicators/{id}/target", Permission.PLAN_EDIT),
            needs(POST, "/indicators/{id}/target", Permission.PLAN_EDIT),
            needs(POST, "/indicators/{id}/delete", Permission.PLAN_EDIT),
            // units
            needs(POST, "/units/{id}/aliases", Permission.UNIT_EDIT), needs(POST, "/units/{id}/aliases/remove", Permission.UNIT_EDIT),
            needs(POST, "/units/{id}/rename", Permission.UNIT_EDIT), needs(POST, "/units/{id}/merge", Permission.UNIT_EDIT),
            needs(GET, "/admin/units", Permission.UNIT_EDIT),
            // imports
            needs(GET, "/imports/new", Permission.PLAN_IMPORT), needs(POST, "/imports", Permission.PLAN_IMPORT),
            needs(GET, "/imports/{id}", Permission.PLAN_IMPORT), needs(POST, "/imports/{id}/settings", Permission.PLAN_IMPORT),
            needs(POST, "/imports/{id}/confirm", Permission.PLAN_IMPORT), needs(POST, "/imports/{id}/cancel", Permission.PLAN_IMPORT),
            needs(GET, "/imports/documents/{id}", Permission.PLAN_READ),
            // account administration (三员: system administrator, security administrator); the fixed paths
            // come before /admin/accounts/{id}, which would match them too (the first matching row decides)
            rule(GET, "/admin/accounts", ANY_ACCOUNT_ADMINISTRATION),
            needs(GET, "/admin/accounts/new", Permission.ACCOUNT_MANAGE), needs(POST, "/admin/accounts", Permission.ACCOUNT_MANAGE),
            needs(GET, "/admin/accounts/import", Permission.ACCOUNT_MANAGE),
            needs(POST, "/admin/accounts/import", Permission.ACCOUNT_MANAGE),
            needs(GET, "/admin/accounts/template", Permission.ACCOUNT_MANAGE),
            rule(GET, "/admin/accounts/{id}", ANY_ACCOUNT_ADMINISTRATION),
            needs(POST, "/admin/accounts/{id}", Permission.ACCOUNT_MANAGE),
            needs(POST, "/admin/accounts/{id}/units", Permission.ACCOUNT_MANAGE),
            needs(POST, "/admin/accounts/{id}/disable", Permission.ACCOUNT_MANAGE),
            needs(POST, "/admin/accounts/{id}/enable", Permission.ACCOUNT_MANAGE),
            needs(POST, "/admin/accounts/{id}/reset-password", Permission.ACCOUNT_MANAGE),
            needs(POST, "/admin/accounts/{id}/roles", Permission.ROLE_GRANT),
            needs(POST, "/admin/accounts/{id}/reset-second-factor", Permission.ROLE_GRANT),
            needs(POST, "/admin/accounts/{id}/unlock", Permission.ACCOUNT_UNLOCK),
            needs(GET, "/admin/security", Permission.SECURITY_SETTINGS),
            // audit log
            needs(GET, "/audit", Permission.AUDIT_READ), needs(GET, "/audit/export", Permission.AUDIT_READ),
            // progress reporting: overview (the menu's entry leads to the newest plan's), set-up, periods
            needs(GET, "/reporting", Permission.REPORT_READ),
            needs(GET, "/plans/{id}/reporting", Permission.REPORT_READ),
            needs(GET, "/plans/{id}/reporting/settings", Permission.REPORTING_CONFIGURE),
            needs(POST, "/plans/{id}/reporting/cycle", Permission.REPORTING_CONFIGURE),
            needs(POST, "/plans/{id}/reporting/rules", Permission.REPORTING_CONFIGURE),
            needs(POST, "/plans/{planId}/reporting/indicators/{indicatorId}", Permission.REPORTING_CONFIGURE),
            needs(POST, "/periods/{id}/deadline", Permission.REPORTING_CONFIGURE),
            needs(POST, "/periods/{id}/close", Permission.REPORTING_CONFIGURE),
            needs(POST, "/periods/{id}/reopen", Permission.REPORTING_CONFIGURE),
            // progress reporting: a unit's sheet, lines, workflow, inbox
            needs(GET, "/periods/{periodId}/units/{unitId}", Permission.REPORT_READ),
            needs(POST, "/periods/{periodId}/units/{unitId}/indicators/{indicatorId}", Permission.REPORT_EDIT),
            needs(POST, "/periods/{periodId}/units/{unitId}/tasks/{taskId}", Permission.REPORT_EDIT),
            needs(GET, "/reports/{id}", Permission.REPORT_READ),
            needs(POST, "/reports/{id}/submit", Permission.REPORT_EDIT),
            needs(POST, "/reports/{id}/withdraw", Permission.REPORT_EDIT),
            needs(POST, "/reports/{id}/correct", Permission.REPORT_EDIT),
            rule(POST, "/reports/{id}/approve", ANY_REVIEW), rule(POST, "/reports/{id}/return", ANY_REVIEW),
            rule(GET, "/reviews", ANY_REVIEW), rule(POST, "/reviews/approve", ANY_REVIEW),
            // progress reporting: the Excel round trip and evidence files
            needs(GET, "/periods/{periodId}/units/{unitId}/form.xlsx", Permission.REPORT_READ),
            needs(POST, "/periods/{periodId}/units/{unitId}/form", Permission.REPORT_EDIT),
            needs(POST, "/periods/{periodId}/units/{unitId}/evidence", Permission.REPORT_EDIT),
            needs(GET, "/evidence/{id}", Permission.REPORT_READ),
            needs(POST, "/evidence/{id}/delete", Permission.REPORT_EDIT),
            // ledger pages ------------------------------------------------------------------------------
            needs(GET, "/ledgers", Permission.LEDGER_READ),
            needs(GET, "/plans/{planId}/ledgers", Permission.LEDGER_READ),
            needs(GET, "/plans/{planId}/ledgers/{kind}", Permission.LEDGER_READ),
            // searching by ID number is a POST (the number never in a URL, T54); it changes nothing
            needs(POST, "/plans/{planId}/ledgers/{kind}/search", Permission.LEDGER_READ),
            needs(GET, "/plans/{planId}/ledgers/{kind}/new", Permission.LEDGER_EDIT),
            needs(POST, "/plans/{planId}/ledgers/{kind}/new", Permission.LEDGER_EDIT),
            needs(GET, "/plans/{planId}/ledgers/{kind}/import", Permission.LEDGER_EDIT),
            needs(POST, "/plans/{planId}/ledgers/{kind}/import", Permission.LEDGER_EDIT),
            needs(GET, "/ledger-jobs/{jobId}", Permission.LEDGER_EDIT),
            needs(GET, "/ledger-entries/{id}", Permission.LEDGER_READ),
            needs(POST, "/ledger-entries/{id}", Permission.LEDGER_EDIT),
            needs(POST, "/ledger-entries/{id}/delete", Permission.LEDGER_EDIT),
            needs(POST, "/ledger-entries/{id}/reveal", Permission.PI_REVEAL),
            needs(POST, "/ledger-batches/{id}/rollback", Permission.LEDGER_CONFIGURE),
            needs(GET, "/plans/{planId}/indicators/{indicatorId}/records", Permission.LEDGER_READ),
            needs(GET, "/plans/{planId}/ledger-bindings", Permission.LEDGER_READ),
            needs(POST, "/plans/{planId}/ledger-bindings/{indicatorId}", Permission.LEDGER_CONFIGURE),
            needs(POST, "/plans/{planId}/ledger-bindings/{indicatorId}/unbind", Permission.LEDGER_CONFIGURE),
            // end of ledger pages -----------------------------------------------------------------------
            // assessment pages (AssessmentController, AssessmentRulesController)
            needs(GET, "/assessment", Permission.PLAN_READ),
            needs(GET, "/plans/{planId}/assessment", Permission.PLAN_READ),
            needs(GET, "/plans/{planId}/assessment/indicators/{indicatorId}", Permission.PLAN_READ),
            needs(GET, "/plans/{planId}/assessment/units/{unitId}", Permission.PLAN_READ),
            needs(GET, "/plans/{planId}/assessment/ranking", Permission.PLAN_READ),
            needs(GET, "/plans/{planId}/assessment/rules", Permission.PLAN_READ),
            needs(POST, "/plans/{planId}/assessment/rules", Permission.ASSESSMENT_CONFIGURE),
            // supervision pages (SupervisionController)
            needs(GET, "/supervision", Permission.PLAN_READ),
            needs(GET, "/plans/{planId}/supervision", Permission.PLAN_READ),
            needs(GET, "/plans/{planId}/supervision/new", Permission.SUPERVISION_MANAGE),
            needs(POST, "/plans/{planId}/supervision", Permission.SUPERVISION_MANAGE),
            needs(GET, "/plans/{planId}/supervision/units/{unitId}", Permission.PLAN_READ),
            needs(GET, "/supervision/orders/{id}", Permission.PLAN_READ),
            needs(GET, "/supervision/orders/{id}/notice.docx", Permission.PLAN_READ),
            needs(POST, "/supervision/orders/{id}/issue", Permission.SUPERVISION_MANAGE),
            needs(POST, "/supervision/orders/{id}/cancel", Permission.SUPERVISION_MANAGE),
            needs(POST, "/supervision/parts/{partId}/answer", Permission.SUPERVISION_RESPOND),
            needs(POST, "/supervision/parts/{partId}/close", Permission.SUPERVISION_MANAGE),
            needs(POST, "/supervision/parts/{partId}/return", Permission.SUPERVISION_MANAGE),
            // exports (ExportController): the table, the bulletin, a unit's workbook
            needs(GET, "/plans/{planId}/exports/indicator-table.xlsx", Permission.PLAN_READ),
            needs(GET, "/plans/{planId}/exports/bulletin.docx", Permission.DISTRICT_EXPORT),
            needs(GET, "/plans/{planId}/units/{unitId}/exports/workbook.xlsx", Permission.PLAN_READ),
            // API (personal access tokens only)
            // API: one's own notifications (NotificationApi)
            signedIn(GET, "/api/v1/notifications"), signedIn(GET, "/api/v1/notifications/unread-count"),
            signedIn(POST, "/api/v1/notifications/read-all"), signedIn(GET, "/api/v1/notifications/preferences"),
            new Rule(HttpMethod.PUT, "/api/v1/notifications/preferences", Kind.SIGNED_IN, Set.of()),
            signedIn(POST, "/api/v1/notifications/{id}/read"),
            needs(GET, "/api/v1/plans", Permission.PLAN_READ), needs(GET, "/api/v1/plans/{id}", Permission.PLAN_READ),
            needs(GET, "/api/v1/plans/{id}/history", Permission.PLAN_READ),
            needs(GET, "/api/v1/tasks/{id}", Permission.PLAN_READ), needs(GET, "/api/v1/indicators/{id}", Permission.PLAN_READ),
            needs(POST, "/api/v1/parse", Permission.PLAN_IMPORT), needs(POST, "/api/v1/imports", Permission.PLAN_IMPORT),
            needs(GET, "/api/v1/imports/{id}", Permission.PLAN_IMPORT),
            needs(POST, "/api/v1/imports/{id}/confirm", Permission.PLAN_IMPORT),
            needs(POST, "/api/v1/imports/{id}/cancel", Permission.PLAN_IMPORT),
            // API: progress reporting
            needs(GET, "/api/v1/plans/{id}/periods", Permission.REPORT_READ),
            needs(GET, "/api/v1/plans/{id}/actuals", Permission.REPORT_READ),
            needs(GET, "/api/v1/periods/{periodId}/units/{unitId}", Permission.REPORT_READ),
            needs(POST, "/api/v1/periods/{periodId}/units/{unitId}/indicators/{indicatorId}", Permission.REPORT_EDIT),
            needs(POST, "/api/v1/periods/{periodId}/units/{unitId}/tasks/{taskId}", Permission.REPORT_EDIT),
            needs(POST, "/api/v1/periods/{periodId}/units/{unitId}/evidence", Permission.REPORT_EDIT),
            needs(GET, "/api/v1/reports/{id}", Permission.REPORT_READ),
            needs(POST, "/api/v1/reports/{id}/submit", Permission.REPORT_EDIT),
            needs(POST, "/api/v1/reports/{id}/withdraw", Permission.REPORT_EDIT),
            needs(POST, "/api/v1/reports/{id}/correct", Permission.REPORT_EDIT),
            rule(POST, "/api/v1/reports/{id}/approve", ANY_REVIEW), rule(POST, "/api/v1/reports/{id}/return", ANY_REVIEW),
            rule(GET, "/api/v1/reviews", ANY_REVIEW),
            needs(GET, "/api/v1/evidence/{id}", Permission.REPORT_READ),
            // ---- ledger API and files (LedgerApi, LedgerFilesController) ----
            // files of the pages: template and masked export to readers, the full export (a form post) to PI_EXPORT_FULL
            needs(GET, "/plans/{planId}/ledgers/{kind}/template.xlsx", Permission.LEDGER_READ),
            needs(GET, "/plans/{planId}/ledgers/{kind}/export.xlsx", Permission.LEDGER_READ),
            needs(POST, "/plans/{planId}/ledgers/{kind}/export-full.xlsx", Permission.PI_EXPORT_FULL),
            // API: reads (search by ID number is a POST so that the number never is in a URL, still a read)
            needs(GET, "/api/v1/plans/{planId}/ledgers", Permission.LEDGER_READ),
            needs(GET, "/api/v1/plans/{planId}/ledgers/{kind}/entries", Permission.LEDGER_READ),
            needs(POST, "/api/v1/plans/{planId}/ledgers/{kind}/entries/search", Permission.LEDGER_READ),
            needs(GET, "/api/v1/ledger-entries/{id}", Permission.LEDGER_READ),
            needs(GET, "/api/v1/ledger-jobs/{jobId}", Permission.LEDGER_READ),
            needs(GET, "/api/v1/plans/{planId}/ledger-batches", Permission.LEDGER_READ),
            needs(GET, "/api/v1/plans/{planId}/ledger-bindings", Permission.LEDGER_READ),
            needs(GET, "/api/v1/plans/{planId}/indicators/{indicatorId}/records", Permission.LEDGER_READ),
            needs(GET, "/api/v1/plans/{planId}/indicator-values", Permission.LEDGER_READ),
            needs(GET, "/api/v1/plans/{planId}/ledgers/{kind}/export.xlsx", Permission.LEDGER_READ),
            // API: records and imports
            needs(POST, "/api/v1/plans/{planId}/ledgers/{kind}/entries", Permission.LEDGER_EDIT),
            needs(HttpMethod.PUT, "/api/v1/ledger-entries/{id}", Permission.LEDGER_EDIT),
            needs(HttpMethod.DELETE, "/api/v1/ledger-entries/{id}", Permission.LEDGER_EDIT),
            needs(POST, "/api/v1/plans/{planId}/ledgers/{kind}/imports", Permission.LEDGER_EDIT),
            // API: configuration, personal data
            needs(POST, "/api/v1/ledger-batches/{id}/rollback", Permission.LEDGER_CONFIGURE),
            needs(HttpMethod.PUT, "/api/v1/plans/{planId}/ledger-bindings/{indicatorId}", Permission.LEDGER_CONFIGURE),
            needs(HttpMethod.DELETE, "/api/v1/plans/{planId}/ledger-bindings/{indicatorId}", Permission.LEDGER_CONFIGURE),
            needs(POST, "/api/v1/ledger-entries/{id}/reveal", Permission.PI_REVEAL),
            needs(POST, "/api/v1/plans/{planId}/ledgers/{kind}/export-full.xlsx", Permission.PI_EXPORT_FULL),
            // ---- end of ledger API and files ----
            // API: assessment (AssessmentApi)
            needs(GET, "/api/v1/plans/{planId}/assessment", Permission.PLAN_READ),
            needs(GET, "/api/v1/plans/{planId}/assessment/indicators/{indicatorId}", Permission.PLAN_READ),
            needs(GET, "/api/v1/plans/{planId}/outstanding-reports", Permission.PLAN_READ),
            needs(GET, "/api/v1/plans/{planId}/assessment/rules", Permission.PLAN_READ),
            needs(HttpMethod.PUT, "/api/v1/plans/{planId}/assessment/rules", Permission.ASSESSMENT_CONFIGURE),
            // API: exports
            needs(GET, "/api/v1/plans/{planId}/exports/indicator-table.xlsx", Permission.PLAN_READ),
            needs(GET, "/api/v1/plans/{planId}/exports/bulletin.docx", Permission.DISTRICT_EXPORT),
            needs(GET, "/api/v1/plans/{planId}/units/{unitId}/exports/workbook.xlsx", Permission.PLAN_READ),
            // API: supervision
            needs(GET, "/api/v1/plans/{planId}/supervision-orders", Permission.PLAN_READ),
            needs(POST, "/api/v1/plans/{planId}/supervision-orders", Permission.SUPERVISION_MANAGE),
            needs(GET, "/api/v1/supervision-orders/{id}", Permission.PLAN_READ),
            needs(POST, "/api/v1/supervision-orders/{id}/issue", Permission.SUPERVISION_MANAGE),
            needs(POST, "/api/v1/supervision-orders/{id}/cancel", Permission.SUPERVISION_MANAGE),
            needs(POST, "/api/v1/supervision-parts/{partId}/answer", Permission.SUPERVISION_RESPOND),
            needs(POST, "/api/v1/supervision-parts/{partId}/close", Permission.SUPERVISION_MANAGE),
            needs(POST, "/api/v1/supervision-parts/{partId}/return", Permission.SUPERVISION_MANAGE)
            );

    private static final List<RequestMatcher> MATCHERS = RULES.stream().map(Rule::matcher).toList();

    private EndpointTable() {}

    public static List<Rule> rules() {
        return RULES;
    }

    /** The first row that matches the request; empty means the endpoint is not declared, so denied. */
    static Optional<Rule> find(HttpServletRequest request) {
        for (int i = 0; i < RULES.size(); i++) {
            if (MATCHERS.get(i).matches(request)) return Optional.of(RULES.get(i));
        }
        return Optional.empty();
    }

    /**
     * The row declared for a mapped endpoint: the row with its exact pattern, else a wildcard row that
     * covers it (such as {@code /v3/api-docs/**}).
     */
    public static Optional<Rule> declared(HttpMethod method, String pattern) {
        Optional<Rule> exact = RULES.stream()
                .filter(r -> r.pattern().equals(pattern) && (r.method() == null || r.method().equals(method)))
                .findFirst();
        if (exact.isPresent() || pattern.contains("{")) return exact;
        return RULES.stream()
                .filter(r -> r.pattern().contains("*") && (r.method() == null || r.method().equals(method)))
                .filter(r -> PathPatternParser.defaultInstance.parse(r.pattern()).matches(PathContainer.parsePath(pattern)))
                .findFirst();
    }

    private static Rule open(@Nullable HttpMethod method, String pattern) {
        return new Rule(method, pattern, Kind.PUBLIC, Set.of());
    }

    private static Rule step(HttpMethod method, String pattern) {
        return new Rule(method, pattern, Kind.SIGN_IN_STEP, Set.of());
    }

    private static Rule signedIn(HttpMethod method, String pattern) {
        return new Rule(method, pattern, Kind.SIGNED_IN, Set.of());
    }

    private static Rule needs(HttpMethod method, String pattern, Permission permission) {
        return new Rule(method, pattern, Kind.PERMISSION, Set.of(permission));
    }

    private static Rule rule(HttpMethod method, String pattern, Set<Permission> anyOf) {
        return new Rule(method, pattern, Kind.PERMISSION, Set.copyOf(anyOf));
    }
}
