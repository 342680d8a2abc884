package org.xiezuo.importer.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.xiezuo.importer.ParsedTaskBook;
import org.xiezuo.importer.ParsedTaskBook.Warning;
import org.xiezuo.unit.UnitNames;

/**
 * The units a document names, in order of first appearance, each with the other spellings the
 * document uses for it. Resolves a printed name to one unit: exactly, through a recorded alias, through
 * the built-in short forms (区人社局 = 区人力社保局) or through the second name in parentheses.
 */
final class UnitRegistry {

    private static final double SUGGESTION_THRESHOLD = 0.5;
    private static final Pattern LEAD_RULE = Pattern.compile("[（(]\\s*(列第一位|排第一位|排在第一位|第一个|第一位)[^（）()]*[）)]");
    private static final Pattern LEAD_MARK = Pattern.compile("（(牵头|牵头单位|牵头部门)）$");

    private final Map<String, Entry> units = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private final List<Warning> warnings;
    private String regionPrefix = "";

    UnitRegistry(List<Warning> warnings) {
        this.warnings = warnings;
    }

    void regionPrefix(String prefix) {
        this.regionPrefix = prefix == null ? "" : prefix;
    }

    /**
     * A printed list of responsible units as canonical names, lead first: the note on the rule
     * (“（列第一位者为牵头单位，下同）”) is dropped, a unit marked “（牵头）” moves to the front wherever it
     * is printed, and a trailing 等 is dropped with a warning because the list may be incomplete.
     */
    List<String> resolveList(String raw, String location) {
        String list = LEAD_RULE.matcher(raw).replaceAll("");
        if (UnitNames.endsWithEtc(list)) {
            warnings.add(new Warning(location, "责任单位列表以「等」结尾，可能不完整：" + String.join("、", UnitNames.splitList(list)) + "等"));
        }
        List<String> leads = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String name : UnitNames.splitList(list)) {
            Matcher mark = LEAD_MARK.matcher(name);
            boolean lead = mark.find();
            String unit = resolve(lead ? name.substring(0, mark.start()) : name, location, false);
            if (!leads.contains(unit) && !others.contains(unit)) (lead ? leads : others).add(unit);
        }
        leads.addAll(others);
        return List.copyOf(leads);
    }

    /** The canonical name for {@code raw}, creating the unit when nothing matches. */
    String resolve(String raw, String location, boolean fromSection) {
        String name = UnitNames.normalise(raw);
        if (units.containsKey(name)) return name;
        if (aliases.containsKey(name)) return aliases.get(name);
        Optional<Entry> match = match(name);
        if (match.isPresent()) {
            Entry entry = match.get();
            entry.aliases.add(name);
            aliases.put(name, entry.name);
            warnings.add(new Warning(location, "「" + name + "」按别名识别为「" + entry.name + "」"));
            return entry.name;
        }
        if (!fromSection) {
            String suggestion = suggestionFor(name).map(s -> "；是否为「" + s + "」？可在预览中合并").orElse("");
            warnings.add(new Warning(location, "单位「" + name + "」未在部门章节中出现，已作为新单位加入" + suggestion));
        }
        units.put(name, new Entry(name, new LinkedHashSet<>(), fromSection, location, UnitNames.key(name, regionPrefix),
                UnitNames.base(name), UnitNames.parentheticals(name)));
        return name;
    }

    private Optional<Entry> match(String name) {
        String key = UnitNames.key(name, regionPrefix);
        String base = UnitNames.base(name);
        for (Entry entry : units.values()) {
            if (entry.key().equals(key) || entry.base().equals(name)
                    || !base.equals(name) && base.equals(entry.base())
                    || entry.secondNames().contains(name)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private Optional<String> suggestionFor(String name) {
        return units.keySet().stream()
                .filter(existing -> UnitNames.similarity(existing, name, regionPrefix) > SUGGESTION_THRESHOLD)
                .max(Comparator.comparingDouble(existing -> UnitNames.similarity(existing, name, regionPrefix)));
    }

    boolean isEmpty() { return units.isEmpty(); }

    List<ParsedTaskBook.Unit> units() {
        List<ParsedTaskBook.Unit> list = new ArrayList<>();
        for (Entry e : units.values()) {
            list.add(new ParsedTaskBook.Unit(e.name, List.copyOf(e.aliases), e.fromSection, e.location));
        }
        return list;
    }

    /** A unit with the forms it is matched by, computed once. */
    private record Entry(String name, Set<String> aliases, boolean fromSection, String location, String key, String base,
                         List<String> secondNames) {}
}
