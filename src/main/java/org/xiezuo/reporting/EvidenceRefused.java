package org.xiezuo.reporting;

import org.xiezuo.shared.BusinessRuleViolation;

/**
 * An evidence file was not accepted: its type, its content, its size, or the store could not keep it.
 * The message names the file and says why, in Chinese; nothing was saved.
 */
public class EvidenceRefused extends BusinessRuleViolation {

    /** Why, for API clients and status codes. */
    public enum Reason { TYPE, CONTENT, TOO_LARGE, STORAGE }

    private final String fileName;
    private final Reason reason;

    EvidenceRefused(Reason reason, String fileName, String message) {
        super("evidence." + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), message);
        this.fileName = fileName;
        this.reason = reason;
    }

    public String fileName() { return fileName; }

    public Reason reason() { return reason; }
}
