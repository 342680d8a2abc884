package org.xiezuo.ledger.personal;

/**
 * Checks a person's name as ledgers hold it: 2–30 Chinese characters, with middle dots between the parts
 * of a transcribed name (阿依古丽·买买提). The look-alike dots people type — {@code •} (U+2022) and
 * {@code ・} (U+30FB) — are stored as {@code ·} (U+00B7), so one name is spelt one way.
 *
 * <p>Chinese characters are the CJK Unified Ideographs with extension A and the supplementary
 * extensions (B onwards), where rare characters of names (生僻字) live. Latin letters and digits are
 * refused: a ledger of rural workers carries the name on the ID card.
 */
public final class PersonNames {

    public static final String EMPTY = "姓名为空";
    public static final String TOO_SHORT = "姓名至少2个字";
    public static final String TOO_LONG = "姓名不能超过30个字";
    public static final String LATIN_OR_DIGITS = "姓名不能含字母或数字";
    public static final String DOT_AT_END = "间隔号“·”不能在姓名开头或结尾";
    public static final String DOUBLE_DOT = "姓名中的间隔号“·”不能连用";
    public static final String OTHER_CHARACTERS = "姓名只能由汉字和间隔号“·”组成";

    static final int MIN = 2;
    static final int MAX = 30;
    static final char DOT = '·';

    private PersonNames() {
    }

    /** The name with surrounding spaces removed and middle dots unified, or the first thing wrong with it. */
    public static FieldCheck check(String raw) {
        String name = raw == null ? "" : raw.strip().replace('•', DOT).replace('・', DOT);
        if (name.isEmpty()) return FieldCheck.invalid(EMPTY);
        int length = name.codePointCount(0, name.length());
        if (length < MIN) return FieldCheck.invalid(TOO_SHORT);
        if (length > MAX) return FieldCheck.invalid(TOO_LONG);
        boolean other = false; // a character neither Chinese nor the dot; Latin letters and digits are told apart first
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (c == DOT || isChinese(c)) continue;
            if (Character.isLetterOrDigit(c)) return FieldCheck.invalid(LATIN_OR_DIGITS);
            other = true;
        }
        if (other) return FieldCheck.invalid(OTHER_CHARACTERS);
        if (name.charAt(0) == DOT || name.charAt(name.length() - 1) == DOT) return FieldCheck.invalid(DOT_AT_END);
        if (name.contains("··")) return FieldCheck.invalid(DOUBLE_DOT);
        return FieldCheck.valid(name);
    }

    static boolean isChinese(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF)        // CJK Unified Ideographs
                || (c >= 0x3400 && c <= 0x4DBF)    // extension A
                || (c >= 0x20000 && c <= 0x323AF); // extensions B–H (supplementary and tertiary planes)
    }
}
