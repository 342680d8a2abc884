package org.xiezuo.importer.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Chinese numerals as used for section numbers (一 … 九十九) and dates (二〇二一年十月十九日). */
final class ChineseNumerals {

    private static final String DIGITS = "〇一二三四五六七八九";
    private static final Pattern ARABIC_DATE = Pattern.compile("(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日");
    private static final Pattern CHINESE_DATE = Pattern.compile("([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日");

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern ARABIC_DATE_LINE = Pattern.compile("\\d{4}年\\d{1,2}月\\d{1,2}日(印发|发布|制发)?");
    private static final Pattern CHINESE_DATE_LINE = Pattern.compile(
            "[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日(印发|发布|制发)?");

    private ChineseNumerals() {}

    /** 一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 九十九 → 99; -1 when not a numeral in that range. */
    static int parse(String text) {
        String s = text.replace('两', '二').replace('零', '〇');
        if (s.isEmpty() || s.length() > 3) return -1;
        int ten = s.indexOf('十');
        if (ten < 0) {
            return s.length() == 1 ? digit(s.charAt(0), 1) : -1;
        }
        if (s.indexOf('十', ten + 1) >= 0) return -1;
        int tens = ten == 0 ? 1 : ten == 1 ? digit(s.charAt(0), 1) : -1;
        if (tens < 0) return -1;
        if (ten == s.length() - 1) return tens * 10;
        if (ten != s.length() - 2) return -1;
        int units = digit(s.charAt(s.length() - 1), 1);
        return units < 0 ? -1 : tens * 10 + units;
    }

    private static int digit(char c, int min) {
        int d = DIGITS.indexOf(c);
        return d >= min ? d : -1;
    }

    /** The first date written as 2021年10月19日 or 二〇二一年十月十九日 in text. */
    static Optional<LocalDate> findDate(String text) {
        try {
            Matcher a = ARABIC_DATE.matcher(text);
            if (a.find()) {
                return Optional.of(LocalDate.of(Integer.parseInt(a.group(1)), Integer.parseInt(a.group(2)),
                        Integer.parseInt(a.group(3))));
            }
            Matcher c = CHINESE_DATE.matcher(text);
            if (c.find()) {
                StringBuilder year = new StringBuilder();
                for (char ch : c.group(1).toCharArray()) {
                    year.append(ch == '零' || ch == '○' ? 0 : DIGITS.indexOf(ch));
                }
                return Optional.of(LocalDate.of(Integer.parseInt(year.toString()), parse(c.group(2)), parse(c.group(3))));
            }
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** True when the whole text is a date, optionally followed by 印发/发布. */
    static boolean isDateLine(String text) {
        String s = SPACES.matcher(text).replaceAll("");
        return ARABIC_DATE_LINE.matcher(s).matches() || CHINESE_DATE_LINE.matcher(s).matches();
    }
}
