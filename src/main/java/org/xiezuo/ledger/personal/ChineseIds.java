package org.xiezuo.ledger.personal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;

/**
 * Checks and normalises 18-character resident ID numbers (居民身份证号码, GB 11643-1999): 6-digit address
 * code whose first two digits are a province (GB/T 2260), birth date YYYYMMDD, 3-digit sequence and the
 * ISO 7064 MOD 11-2 check character. Each kind of mistake has its own message so that a person fixing
 * an import row knows what to look for; the messages never contain the number.
 *
 * <p>Pure: no state, no I/O; "today" is passed in so that a clock decides what is a future birth date.
 */
public final class ChineseIds {

    public static final String EMPTY = "身份证号为空";
    public static final String LEGACY_15 = "15位旧身份证号，请换用18位号码";
    public static final String INNER_SPACE = "身份证号中间含空格";
    public static final String FULL_WIDTH = "身份证号含全角字符，请改用半角数字";
    public static final String NOT_DIGITS = "身份证号只能由数字组成，最后一位可以是X";
    public static final String UNKNOWN_PROVINCE = "身份证号前两位不是有效的省级行政区划代码";
    public static final String INVALID_BIRTH_DATE = "身份证号中的出生日期无效";
    public static final String FUTURE_BIRTH_DATE = "身份证号中的出生日期晚于今天";
    public static final String BIRTH_BEFORE_1900 = "身份证号中的出生日期早于1900年";
    public static final String CHECK_DIGIT = "身份证号校验位错误";

    /** "身份证号应为18位，实为N位" — the one message with a number in it, the length. */
    public static String wrongLength(int length) {
        return "身份证号应为18位，实为" + length + "位";
    }

    /** Province-level codes of GB/T 2260 (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71 台湾, 81 香港, 82 澳门). */
    static final Set<String> PROVINCES = Set.of(
            "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
            "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
            "71", "81", "82");

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARS = "10X98765432";
    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

    private ChineseIds() {
    }

    /**
     * The normalised ID (surrounding spaces removed, a final lower-case {@code x} made {@code X}) or the
     * first thing wrong with it.
     */
    public static FieldCheck check(String raw, LocalDate today) {
        String id = raw == null ? "" : raw.strip();
        if (id.isEmpty()) return FieldCheck.invalid(EMPTY);
        if (hasSpace(id)) return FieldCheck.invalid(INNER_SPACE);
        if (hasFullWidth(id)) return FieldCheck.invalid(FULL_WIDTH);
        if (id.length() == 15 && allDigits(id, 15)) return FieldCheck.invalid(LEGACY_15);
        if (id.codePointCount(0, id.length()) != 18) return FieldCheck.invalid(wrongLength(id.codePointCount(0, id.length())));
        if (id.length() != 18 || !allDigits(id, 17) || !isCheckChar(id.charAt(17))) return FieldCheck.invalid(NOT_DIGITS);
        if (id.charAt(17) == 'x') id = id.substring(0, 17) + 'X';
        if (!PROVINCES.contains(id.substring(0, 2))) return FieldCheck.invalid(UNKNOWN_PROVINCE);
        LocalDate birth;
        try {
            birth = birthDate(id);
        } catch (IllegalArgumentException e) {
            return FieldCheck.invalid(INVALID_BIRTH_DATE);
        }
        if (birth.isBefore(EARLIEST)) return FieldCheck.invalid(BIRTH_BEFORE_1900);
        if (birth.isAfter(today)) return FieldCheck.invalid(FUTURE_BIRTH_DATE);
        if (!checksumValid(id)) return FieldCheck.invalid(CHECK_DIGIT);
        return FieldCheck.valid(id);
    }

    /** Whether a code point is white space or a space character (loops, not streams: this runs for every row of an import). */
    private static boolean hasSpace(String id) {
        for (int i = 0; i < id.length(); ) {
            int c = id.codePointAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) return true;
            i += Character.charCount(c);
        }
        return false;
    }

    /** Whether a character is a full-width form (U+FF01–U+FF5E). */
    private static boolean hasFullWidth(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c >= 0xFF01 && c <= 0xFF5E) return true;
        }
        return false;
    }

    /** Whether the 18th character is the MOD 11-2 check character of the first 17 digits ({@code x} counts as {@code X}). */
    public static boolean checksumValid(String id17plus1) {
        if (id17plus1 == null || id17plus1.length() != 18 || !allDigits(id17plus1, 17)) return false;
        return Character.toUpperCase(id17plus1.charAt(17)) == checkChar(id17plus1);
    }

    /** The check character the first 17 digits call for. */
    static char checkChar(String id) {
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (id.charAt(i) - '0') * WEIGHTS[i];
        return CHECK_CHARS.charAt(sum % 11);
    }

    /**
     * The birth date in characters 7–14.
     *
     * @throws IllegalArgumentException when they are not a real date (30 February) or not digits
     */
    public static LocalDate birthDate(String id) {
        if (id == null || id.length() < 14 || !allDigits(id.substring(6, 14), 8)) {
            throw new IllegalArgumentException("no birth date in characters 7-14");
        }
        try {
            // the digits were checked above: the same strict reading as the uuuuMMdd pattern, without a parser
            return LocalDate.of(number(id, 6, 10), number(id, 10, 12), number(id, 12, 14));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("impossible birth date in characters 7-14");
        }
    }

    private static int number(String digits, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) value = value * 10 + (digits.charAt(i) - '0');
        return value;
    }

    private static boolean allDigits(String s, int count) {
        for (int i = 0; i < count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static boolean isCheckChar(char c) {
        return (c >= '0' && c <= '9') || c == 'X' || c == 'x';
    }
}
