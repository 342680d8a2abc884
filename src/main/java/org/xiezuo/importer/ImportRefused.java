package org.xiezuo.importer;

import org.xiezuo.shared.BusinessRuleViolation;

/** A valid document that cannot be imported as asked (e.g. the plan exists and no update was asked for). */
public class ImportRefused extends BusinessRuleViolation {

    private final long existingPlanId;

    public ImportRefused(String code, String message, long existingPlanId) {
        super(code, message);
        this.existingPlanId = existingPlanId;
    }

    public long existingPlanId() { return existingPlanId; }
}
