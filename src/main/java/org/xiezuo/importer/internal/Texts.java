package org.xiezuo.importer.internal;

import java.text.Normalizer;
import java.util.regex.Pattern;

/** Text clean-up rules for Chinese official documents converted from PDF or Word. */
final class Texts {

    private static final Pattern STATS_ONLY = Pattern.compile("只作统计|只做统计|仅作统计|仅做统计|只统计不考核");
    private static final Pattern NOT_ASSESSED = Pattern.compile("不作考核|不做考核|不考核|不纳入考核");
    private static final Pattern PUNCTUATION_AND_SPACE = Pattern.compile("[\\s\\p{Punct}，。、；：！？“”‘’（）【】《》·…—－]");
    private static final Pattern STATISTICS_PHRASE = Pattern.compile(
            "[（(【\\[]?(该指标)?(只作统计|只做统计|仅作统计|仅做统计)[，,、；;]?(不作考核|不做考核|不考核)?[）)】\\]]?");
    private static final String TERMINAL = "。！？；!?;…";
    private static final String CLOSERS = "”’」』\"'）)";

    private Texts() {}

    /**
     * Removes whitespace next to Chinese characters and punctuation (“12 个月” → “12个月”, “协作 工作” →
     * “协作工作”), keeps a single space between Latin words, and trims.
     */
    static String squeeze(String text) {
        String s = text.replace('\u3000', ' ').replace('\u00A0', ' ');
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                int j = i;
                while (j < s.length() && Character.isWhitespace(s.charAt(j))) j++;
                boolean atEdge = out.isEmpty() || j >= s.length();
                if (!atEdge && !isWide(out.charAt(out.length() - 1)) && !isWide(s.charAt(j))) {
                    out.append(' ');
                }
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Squeezed, with ASCII parentheses turned full-width as the printed Chinese form has them. */
    static String printed(String text) {
        return squeeze(text).replace('(', '（').replace(')', '）');
    }

    static boolean isWide(char c) {
        return c > 0x7F;
    }

    /** True when the text ends a sentence, so a following fragment is not its continuation. */
    static boolean endsSentence(String text) {
        String s = text.strip();
        int end = s.length();
        while (end > 0 && CLOSERS.indexOf(s.charAt(end - 1)) >= 0) end--;
        return end > 0 && TERMINAL.indexOf(s.charAt(end - 1)) >= 0;
    }

    /** “只作统计，不作考核” in any spelling, also broken by spaces and line breaks. */
    static boolean isStatisticsOnly(String text) {
        if (text == null || text.isBlank()) return false;
        String s = compact(text);
        return STATS_ONLY.matcher(s).find() && (NOT_ASSESSED.matcher(s).find() || s.contains("只统计不考核"))
                || s.contains("只作统计") || s.contains("仅作统计");
    }

    /** Removes the statistics-only phrase (and brackets around it) from an indicator name. */
    static String withoutStatisticsPhrase(String name) {
        return STATISTICS_PHRASE.matcher(name).replaceAll("").strip();
    }

    /** NFKC, no whitespace, no punctuation: for comparing headers and phrases. */
    static String compact(String text) {
        return PUNCTUATION_AND_SPACE.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC)).replaceAll("");
    }
}
