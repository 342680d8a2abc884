package org.xiezuo.ledger.web;

import java.util.Set;

import org.springframework.http.HttpStatus;
import org.xiezuo.ledger.LedgerEntries;
import org.xiezuo.ledger.LedgerRefused;
import org.xiezuo.ledger.Reveals;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * The status a refused ledger command answers with: 400 when the person typed or uploaded something to
 * correct (a field, a missing reason, a bad file), 429 for too many reveals, 409 when the state of things
 * refused it (changed by someone else, a duplicate record, a batch already rolled back).
 */
final class LedgerRefusals {

    private static final Set<String> INPUT = Set.of("ledger.reason", "reveal.reason", "binding.category", "binding.measure",
            "binding.months");

    private LedgerRefusals() {}

    static HttpStatus of(BusinessRuleViolation refused) {
        if (refused instanceof Reveals.TooMany) return HttpStatus.TOO_MANY_REQUESTS;
        if (refused instanceof LedgerEntries.Invalid || refused instanceof LedgerRefused) return HttpStatus.BAD_REQUEST;
        return INPUT.contains(refused.code()) || refused.code().startsWith("form.") ? HttpStatus.BAD_REQUEST : HttpStatus.CONFLICT;
    }

    /** A form field the page left out or filled with something unusable. */
    static BusinessRuleViolation badInput(String message) {
        return new BusinessRuleViolation("form.input", message);
    }
}
