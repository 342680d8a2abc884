package org.xiezuo.reporting.web;

import java.util.Set;

import org.springframework.http.HttpStatus;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * The status a refused reporting command answers with: 400 when the user typed something to correct (a
 * value that is not a number, a missing reason, a parameter out of range), 409 when the state of things
 * refused it (a concurrent change, a submitted or approved report, a closed period, the checks).
 */
final class RefusalStatus {

    private static final Set<String> INPUT = Set.of("line.number", "line.text", "report.reason", "rule.parameter",
            "cycle.deadline", "period.deadline");

    private RefusalStatus() {}

    static HttpStatus of(BusinessRuleViolation refused) {
        return INPUT.contains(refused.code()) || refused.code().startsWith("form.") ? HttpStatus.BAD_REQUEST : HttpStatus.CONFLICT;
    }

    /** A form field the page or client left out or filled with something unusable. */
    static BusinessRuleViolation badInput(String message) {
        return new BusinessRuleViolation("form.input", message);
    }
}
