package org.xiezuo.audit;

/**
 * An audit row could not be written, so the operation it records did not happen: the transaction
 * that carried both rolls back (等保 8.1.4.3 d: the audit process may not be interrupted while the
 * system goes on working). The message is for the user as it stands.
 */
public class AuditUnavailable extends RuntimeException {

    public static final String MESSAGE = "系统审计不可用，操作未执行";

    AuditUnavailable(Throwable cause) {
        super(MESSAGE, cause);
    }
}
