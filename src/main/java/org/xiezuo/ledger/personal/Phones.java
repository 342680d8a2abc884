package org.xiezuo.ledger.personal;

/**
 * Checks mainland mobile numbers: exactly 11 ASCII digits starting with 1. No country code, spaces or
 * dashes inside — what is stored is what the masked form {@code 138****1234} is made from.
 */
public final class Phones {

    public static final String INVALID = "手机号应为以1开头的11位数字";

    private Phones() {
    }

    /** The number with surrounding spaces removed, or {@link #INVALID}. */
    public static FieldCheck check(String raw) {
        String phone = raw == null ? "" : raw.strip();
        if (phone.length() != 11 || phone.charAt(0) != '1') return FieldCheck.invalid(INVALID);
        for (int i = 0; i < phone.length(); i++) {
            char c = phone.charAt(i);
            if (c < '0' || c > '9') return FieldCheck.invalid(INVALID);
        }
        return FieldCheck.valid(phone);
    }
}
