package org.xiezuo.shared;

import java.util.List;

/**
 * A domain rule refused a command. The message is already in Chinese and meant for the user;
 * {@code code} identifies the rule for tests and API clients.
 */
public class BusinessRuleViolation extends RuntimeException {

    private final String code;
    private final List<Object> args;

    public BusinessRuleViolation(String code, String message, Object... args) {
        super(message);
        this.code = code;
        this.args = List.of(args);
    }

    public String code() { return code; }

    public List<Object> args() { return args; }
}
