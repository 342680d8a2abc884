package org.xiezuo.plan;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * Deleting a task or an indicator that other modules' records still point to (progress reports) is
 * refused by the database's foreign keys; this turns that refusal into the user's message.
 */
final class InUse {

    private InUse() {}

    static void delete(Runnable deletion, String message) {
        try {
            deletion.run();
        } catch (DataIntegrityViolationException | DbActionExecutionException e) {
            throw new BusinessRuleViolation("plan.in-use", message);
        }
    }
}
