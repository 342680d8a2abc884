package org.xiezuo.ledger;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/** Province names as people type them (浙江, 浙江省, 广西壮族自治区, 广西) brought to one form. */
final class Provinces {

    private static final Set<String> CITIES = Set.of("北京", "天津", "上海", "重庆");
    /** Longest first, so "壮族自治区" is taken off whole rather than only "自治区". */
    private static final List<String> SUFFIXES = List.of("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市");

    private Provinces() {}

    /** "浙江" and "浙江省" → "浙江省"; "北京" → "北京市"; autonomous regions by their short name. */
    static String normalise(@Nullable String raw) {
        if (raw == null) return "";
        String known = NORMALISED.get(raw); // a ledger repeats a few dozen spellings a million times
        if (known != null) return known;
        String normalised = normalised(raw);
        if (NORMALISED.size() < MEMO) NORMALISED.put(raw, normalised);
        return normalised;
    }

    /** Spellings met and their normal form: a pure function's memo, as many as {@value #MEMO}. */
    private static final Map<String, String> NORMALISED = new ConcurrentHashMap<>();
    private static final int MEMO = 1024;

    private static String normalised(String raw) {
        String name = raw.strip();
        if (name.indexOf(' ') >= 0 || name.indexOf('　') >= 0) name = name.replace(" ", "").replace("　", "");
        for (String suffix : SUFFIXES) {
            if (name.endsWith(suffix)) return full(name.substring(0, name.length() - suffix.length()));
        }
        return full(name);
    }

    private static String full(String shortName) {
        return switch (shortName) {
            case "" -> "";
            case "广西" -> "广西壮族自治区";
            case "宁夏" -> "宁夏回族自治区";
            case "新疆" -> "新疆维吾尔自治区";
            case "内蒙古", "西藏" -> shortName + "自治区";
            case "香港", "澳门" -> shortName + "特别行政区";
            default -> CITIES.contains(shortName) ? shortName + "市" : shortName + "省";
        };
    }
}
