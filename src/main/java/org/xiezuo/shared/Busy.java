package org.xiezuo.shared;

import java.time.Duration;

/**
 * This instance is at its limit for a costly kind of work (e.g. concurrent ledger exports) and refuses
 * one more at once instead of queueing it. Nothing the user did is wrong and no rule of the domain
 * refused it, so it is not a {@link BusinessRuleViolation} (409): it is rendered as 503 with
 * {@code Retry-After}. The message is in Chinese and meant for the user; {@code code} identifies the
 * limit for tests and API clients.
 */
public class Busy extends RuntimeException {

    private final String code;
    private final Duration retryAfter;

    public Busy(String code, String message, Duration retryAfter) {
        super(message);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public String code() { return code; }

    /** How long a client should wait before trying again (sent as {@code Retry-After} in seconds). */
    public Duration retryAfter() { return retryAfter; }
}
