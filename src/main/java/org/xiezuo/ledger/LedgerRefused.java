package org.xiezuo.ledger;

import java.util.List;

import org.xiezuo.shared.BusinessRuleViolation;

/**
 * An import refused as a whole: the file cannot be used (template mismatch, too many rows, not an
 * .xlsx), or strict mode found bad rows — then {@link #problems()} lists every one. Nothing was written.
 */
public class LedgerRefused extends BusinessRuleViolation {

    private final transient List<RowProblem> problems;

    public LedgerRefused(String code, String message, List<RowProblem> problems) {
        super(code, message);
        this.problems = List.copyOf(problems);
    }

    public LedgerRefused(String code, String message) {
        this(code, message, List.of());
    }

    public List<RowProblem> problems() { return problems; }
}
