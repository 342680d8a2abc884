package org.xiezuo.ledger.sheet;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Header text as compared with a template: NFKC (full-width letters, digits, brackets and spaces become
 * half-width), 【】〔〕 as [], no whitespace at all (also no-break and ideographic spaces), no leading or
 * trailing required-marks ({@code *}), ASCII lower case. So {@code 身份证号（必填）}, {@code 身份证号(必填)}
 * and {@code * 身份证号 (必填)} compare equal.
 */
final class HeaderText {

    private HeaderText() {}

    static String normalise(String header) {
        String text = Normalizer.normalize(header, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200b' || c == '\ufeff') continue;
            switch (c) {
                case '【', '〔', '〖' -> out.append('[');
                case '】', '〕', '〗' -> out.append(']');
                default -> out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
            }
        }
        int start = 0;
        int end = out.length();
        while (start < end && out.charAt(start) == '*') start++;
        while (end > start && out.charAt(end - 1) == '*') end--;
        return out.substring(start, end).toLowerCase(Locale.ROOT);
    }
}
