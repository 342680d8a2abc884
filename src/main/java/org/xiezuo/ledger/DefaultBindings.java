package org.xiezuo.ledger;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The standard indicators of an East–West task book and the ledger measure each is derived from,
 * matched by name (whitespace and numbering ignored), most specific first. Importing the seed binds
 * rows 3–12 and 14–36 this way; 1, 2 and 13 stay with department reports. The coordinator can change
 * or remove any binding.
 */
final class DefaultBindings {

    record Rule(Pattern name, LedgerKind kind, Measure measure, TimeRule time, @Nullable String category,
                boolean poorOnly, @Nullable Boolean inPark, @Nullable Integer minMonths, @Nullable Integer maxMonths) {}

    private static final List<Rule> RULES = List.of(
            rule("参与结对的东部学校数", LedgerKind.PAIRING, Measure.DISTINCT_SUBJECTS, TimeRule.ACTIVE, "学校"),
            rule("参与结对的东部医院数", LedgerKind.PAIRING, Measure.DISTINCT_SUBJECTS, TimeRule.ACTIVE, "医院"),
            rule("参与结对的东部企业数", LedgerKind.PAIRING, Measure.DISTINCT_SUBJECTS, TimeRule.ACTIVE, "企业–村"),
            rule("参与结对的东部社会组织数", LedgerKind.PAIRING, Measure.DISTINCT_SUBJECTS, TimeRule.ACTIVE, "社会组织–村"),
            persons("农村劳动力到我省就业", RowMapping.EAST, false),
            persons("脱贫人口到我省就业", RowMapping.EAST, true),
            persons("农村劳动力在当地就近就业", RowMapping.LOCAL, false),
            persons("脱贫人口在当地就近就业", RowMapping.LOCAL, true),
            persons("农村劳动力到其他地区就业", RowMapping.OTHER, false),
            persons("脱贫人口到其他地区就业", RowMapping.OTHER, true),
            rule("培训.*农村劳动力人数", LedgerKind.TRAINING, Measure.SUM_N1, TimeRule.NEW, "劳动力技能"),
            rule("培训.*脱贫人口", LedgerKind.TRAINING, Measure.SUM_N4, TimeRule.NEW, "劳动力技能"),
            rule("乡村振兴干部", LedgerKind.TRAINING, Measure.SUM_N3, TimeRule.NEW, "乡村振兴干部"),
            rule("乡村振兴人才", LedgerKind.TRAINING, Measure.SUM_N3, TimeRule.NEW, "乡村振兴人才"),
            rule("消费帮扶", LedgerKind.CONSUMPTION, Measure.SUM_AMOUNT, TimeRule.NEW, null),
            park("园区落地企业个数", Measure.DISTINCT_SUBJECTS),
            park("园区落地企业实际投资额", Measure.SUM_AMOUNT),
            park("入园企业吸纳农村劳动力就业", Measure.SUM_N1),
            park("入园企业吸纳脱贫人口就业", Measure.SUM_N2),
            rule("引导企业到.*投资兴业数", LedgerKind.INVESTMENT, Measure.DISTINCT_SUBJECTS, TimeRule.NEW, null),
            rule("企业实际投资额", LedgerKind.INVESTMENT, Measure.SUM_AMOUNT, TimeRule.NEW, null),
            rule("企业吸纳农村劳动力就业", LedgerKind.INVESTMENT, Measure.SUM_N1, TimeRule.NEW, null),
            rule("企业吸纳脱贫人口就业", LedgerKind.INVESTMENT, Measure.SUM_N2, TimeRule.NEW, null),
            rule("续建农业产业园", LedgerKind.PARK, Measure.COUNT, TimeRule.CONTINUING, "农业产业园"),
            rule("新建.*农业产业园", LedgerKind.PARK, Measure.COUNT, TimeRule.NEW, "农业产业园"),
            rule("续建产业园区", LedgerKind.PARK, Measure.COUNT, TimeRule.CONTINUING, "产业园区"),
            rule("新建.*产业园区", LedgerKind.PARK, Measure.COUNT, TimeRule.NEW, "产业园区"),
            rule("车间数", LedgerKind.WORKSHOP, Measure.COUNT, TimeRule.ACTIVE, null),
            rule("^吸纳农村劳动力就业数", LedgerKind.WORKSHOP, Measure.SUM_N1, TimeRule.ACTIVE, null),
            rule("^其中：?脱贫人口数（含存量）", LedgerKind.WORKSHOP, Measure.SUM_N2, TimeRule.ACTIVE, null),
            dispatch("选派12个月以上", 12, null),
            dispatch("选派7-12个月", 7, 11),
            dispatch("选派1-6个月", 1, 5),
            rule("社会捐赠款物", LedgerKind.DONATION, Measure.SUM_AMOUNT, TimeRule.NEW, null),
            rule("示范村", LedgerKind.VILLAGE, Measure.COUNT, TimeRule.ALL, null));

    private DefaultBindings() {}

    /** The default binding rule for an indicator name, if the name is a standard one. */
    static Optional<Rule> forName(String name) {
        String normalised = normalise(name);
        return RULES.stream().filter(r -> r.name().matcher(normalised).find()).findFirst();
    }

    static String normalise(String name) {
        return name.replaceAll("\\s+", "").replace('—', '-').replace('－', '-').replace('(', '（').replace(')', '）')
                .replaceFirst("^\\d+[.．、]", "");
    }

    private static Rule rule(String regex, LedgerKind kind, Measure measure, TimeRule time, @Nullable String category) {
        return new Rule(Pattern.compile(regex), kind, measure, time, category, false, null, null, null);
    }

    private static Rule persons(String regex, String place, boolean poorOnly) {
        return new Rule(Pattern.compile(regex), LedgerKind.EMPLOYMENT, Measure.DISTINCT_PERSONS, TimeRule.ACTIVE, place, poorOnly,
                null, null, null);
    }

    private static Rule park(String regex, Measure measure) {
        return new Rule(Pattern.compile(regex), LedgerKind.INVESTMENT, measure, TimeRule.ACTIVE, null, false, true, null, null);
    }

    private static Rule dispatch(String regex, int min, @Nullable Integer max) {
        return new Rule(Pattern.compile(regex), LedgerKind.DISPATCH, Measure.DISTINCT_PERSONS, TimeRule.ACTIVE, null, false,
                null, min, max);
    }
}
