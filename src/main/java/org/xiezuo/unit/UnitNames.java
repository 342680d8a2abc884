package org.xiezuo.unit;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How department names are written and matched: one printed form (full-width parentheses, no
 * spaces), lists split on spaces, 、 and ，, a built-in table of common short forms (区人社局 is
 * 区人力社保局), and a similarity score for suggestions. Pure functions, no state.
 */
public final class UnitNames {

    /** Long and short forms of the same office, reduced to one key. Order matters: longest first. */
    private static final Map<String, String> SHORT_FORMS = new LinkedHashMap<>();

    static {
        SHORT_FORMS.put("人力资源和社会保障局", "人社局");
        SHORT_FORMS.put("人力资源社会保障局", "人社局");
        SHORT_FORMS.put("人力社保局", "人社局");
        SHORT_FORMS.put("发展和改革委员会", "发改局");
        SHORT_FORMS.put("发展和改革局", "发改局");
        SHORT_FORMS.put("发展改革委员会", "发改局");
        SHORT_FORMS.put("发展改革委", "发改局");
        SHORT_FORMS.put("发展改革局", "发改局");
        SHORT_FORMS.put("发改委", "发改局");
        SHORT_FORMS.put("经济和信息化局", "经信局");
        SHORT_FORMS.put("经济和信息化委员会", "经信局");
        SHORT_FORMS.put("经信委", "经信局");
        SHORT_FORMS.put("卫生健康委员会", "卫健局");
        SHORT_FORMS.put("卫生健康委", "卫健局");
        SHORT_FORMS.put("卫生健康局", "卫健局");
        SHORT_FORMS.put("卫健委", "卫健局");
        SHORT_FORMS.put("文化和广电旅游体育局", "文广旅体局");
        SHORT_FORMS.put("文化广电旅游体育局", "文广旅体局");
        SHORT_FORMS.put("残疾人联合会", "残联");
        SHORT_FORMS.put("工商业联合会", "工商联");
        SHORT_FORMS.put("供销合作社联合社", "供销社");
        SHORT_FORMS.put("供销合作社", "供销社");
        SHORT_FORMS.put("投资促进中心", "投促中心");
        SHORT_FORMS.put("海洋与渔业局", "海渔局");
        SHORT_FORMS.put("委办公室", "委办");
        SHORT_FORMS.put("人民政府办公室", "政府办");
        SHORT_FORMS.put("政府办公室", "政府办");
        SHORT_FORMS.put("农业农村局", "农业农村局");
        SHORT_FORMS.put("教育体育局", "教体局");
    }

    private static final List<String> UNIT_SUFFIXES = List.of(
            "局", "部", "委", "办", "会", "中心", "社", "联", "院", "室", "处", "站", "馆", "所", "队",
            "府", "公司", "集团", "银行", "协会", "团", "署", "厅", "校", "组", "管委会", "法院", "检察院");

    private static final String LIST_SEPARATORS = "、，,；;/";
    private static final Pattern TRAILING_ETC = Pattern.compile("(等单位|等部门|等)$");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u3000]+");
    private static final Pattern NOT_IN_A_NAME = Pattern.compile("[0-9，。；：！？]");
    private static final Pattern PARENTHETICAL = Pattern.compile("（([^（）]+)）");

    private UnitNames() {}

    /** The printed form: NFKC, full-width parentheses, no whitespace, no trailing 等. */
    public static String normalise(String raw) {
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC).replace('(', '（').replace(')', '）');
        return TRAILING_ETC.matcher(SPACES.matcher(s).replaceAll("")).replaceFirst("");
    }

    /** True when the raw text ends with 等, which means the list may not be complete. */
    public static boolean endsWithEtc(String raw) {
        String s = SPACES.matcher(Normalizer.normalize(raw, Normalizer.Form.NFKC)).replaceAll("");
        return TRAILING_ETC.matcher(s).find();
    }

    /** Splits a responsible-unit cell or section title into names, lead first. */
    public static List<String> splitList(String raw) {
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC).replace('(', '（').replace(')', '）');
        // separators inside parentheses belong to the alias, not the list
        List<String> names = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '（') depth++;
            if (c == '）') depth = Math.max(0, depth - 1);
            if (depth == 0 && isListSeparator(c)) {
                addName(names, current);
            } else {
                current.append(c);
            }
        }
        addName(names, current);
        return names;
    }

    private static boolean isListSeparator(char c) {
        return Character.isWhitespace(c) || c == '\u3000' || LIST_SEPARATORS.indexOf(c) >= 0;
    }

    private static void addName(List<String> names, StringBuilder current) {
        String name = normalise(current.toString());
        current.setLength(0);
        if (!name.isEmpty() && !name.equals("等")) names.add(name);
    }

    /** The name without its parenthetical second name: 区财政局（区国资办） → 区财政局. */
    public static String base(String name) {
        return PARENTHETICAL.matcher(name).replaceAll("");
    }

    /** The second names in parentheses: 区财政局（区国资办） → [区国资办]. */
    public static List<String> parentheticals(String name) {
        List<String> found = new ArrayList<>();
        var m = PARENTHETICAL.matcher(name);
        while (m.find()) found.add(m.group(1));
        return found;
    }

    /**
     * The matching key: short forms applied, a named district prefix reduced to 区/市/县. Two names
     * with the same key are the same office.
     */
    public static String key(String name, String regionPrefix) {
        String s = base(normalise(name));
        if (regionPrefix != null && !regionPrefix.isEmpty()) {
            for (String prefix : List.of(regionPrefix + "区", regionPrefix + "市", regionPrefix + "县", regionPrefix)) {
                if (s.startsWith(prefix) && s.length() > prefix.length() + 1) {
                    char kind = prefix.charAt(prefix.length() - 1);
                    s = (kind == '区' || kind == '市' || kind == '县' ? String.valueOf(kind) : "") + s.substring(prefix.length());
                    break;
                }
            }
        }
        for (var e : SHORT_FORMS.entrySet()) {
            if (s.contains(e.getKey())) {
                s = s.replace(e.getKey(), e.getValue());
            }
        }
        return s;
    }

    /** Whether text reads as a department name rather than a topic (组织领导 is not a unit). */
    public static boolean looksLikeUnit(String name) {
        String b = base(normalise(name));
        if (b.length() < 2 || b.length() > 30) return false;
        if (NOT_IN_A_NAME.matcher(b).find()) return false;
        for (String suffix : UNIT_SUFFIXES) {
            if (b.endsWith(suffix)) return true;
        }
        return false;
    }

    /**
     * How alike two names are, 0 … 1: the Dice coefficient over character bigrams, of the printed names or
     * of their keys, whichever is higher (区教育体育局 is close to 区教育局 as printed, 区卫生健康委员会 to
     * 区卫健局 by key).
     */
    public static double similarity(String a, String b, String regionPrefix) {
        return Math.max(dice(base(normalise(a)), base(normalise(b))), dice(key(a, regionPrefix), key(b, regionPrefix)));
    }

    private static double dice(String a, String b) {
        Set<String> x = bigrams(a);
        Set<String> y = bigrams(b);
        if (x.isEmpty() || y.isEmpty()) return 0;
        Set<String> common = new HashSet<>(x);
        common.retainAll(y);
        return 2.0 * common.size() / (x.size() + y.size());
    }

    private static Set<String> bigrams(String s) {
        Set<String> grams = new HashSet<>();
        for (int i = 0; i + 1 < s.length(); i++) grams.add(s.substring(i, i + 2));
        return grams;
    }
}
