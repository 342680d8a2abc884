package org.xiezuo.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.xiezuo.plan.Assessment;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanStatus;
import org.xiezuo.plan.StockRule;
import org.xiezuo.plan.TargetRevision;

/** The scorecard from known inputs: scores, weights, units, categories, targets in force, series (issue 6). */
class ScorecardTests {

    static final LocalDate START = LocalDate.of(2021, 1, 1);
    static final LocalDate END = LocalDate.of(2021, 12, 31);
    static final LocalDate JUNE30 = LocalDate.of(2021, 6, 30);
    static final PlanBook.UnitRef A = new PlanBook.UnitRef(1, "区人力社保局");
    static final PlanBook.UnitRef B = new PlanBook.UnitRef(2, "区农业农村局");
    static final PlanBook.UnitRef C = new PlanBook.UnitRef(3, "区教育局");
    static final PlanBook.UnitRef D = new PlanBook.UnitRef(4, "区统计局");

    static BigDecimal d(String text) { return new BigDecimal(text); }

    static PlanBook.IndicatorRow indicator(long id, String category, @Nullable String target, Assessment mode, PlanBook.UnitRef... units) {
        return new PlanBook.IndicatorRow(id, 0, (int) id, String.valueOf(id), category, "指标" + id, "人",
                target == null ? null : d(target), target == null ? "" : target, mode, StockRule.INCREMENT_ONLY, null, null,
                List.of(units), 0, null);
    }

    static PlanBook book(List<PlanBook.IndicatorRow> indicators) {
        PlanBook.Header header = new PlanBook.Header(7, 0, 1, "普陀区", "EW", "东西部协作", "2021年任务书", null, 2021, "舟山市普陀区",
                "万源市", "浙江省", "四川省", null, null, null, START, END, PlanStatus.ACTIVE, false, null, Instant.EPOCH, "test");
        List<PlanBook.UnitRow> units = List.of(A, B, C, D).stream()
                .map(u -> new PlanBook.UnitRow(u.id(), u.name(), List.of(), 0, 0, 0, 0)).toList();
        return new PlanBook(header, units, List.of(), indicators);
    }

    static Map<Long, StoredValue> values(Object... pairs) {
        Map<Long, StoredValue> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) map.put((Long) pairs[i], new StoredValue(d((String) pairs[i + 1]), Source.REPORT));
        return map;
    }

    static org.xiezuo.assessment.Assessment assess(PlanBook book, AssessmentRules rules, LocalDate asOf,
                                                    Map<LocalDate, Map<Long, StoredValue>> values, List<LocalDate> ends,
                                                    Map<Long, List<TargetRevision>> revisions) {
        return Scorecard.assess(new Scorecard.Inputs(book, rules, asOf, null, null, ends, revisions, values));
    }

    @Test
    void planUnitAndCategoryScoresFromCappedCompletions() {
        PlanBook book = book(List.of(
                indicator(1L, "劳务协作", "100", Assessment.ASSESSED, A, B),   // 150 → completion 1.5, score 1
                indicator(2L, "劳务协作", "200", Assessment.ASSESSED, A),      // 50 → 0.25
                indicator(3L, "产业合作", "10", Assessment.ASSESSED, B, C),    // 6 → 0.6
                indicator(4L, "产业合作", "1000", Assessment.STATISTICS_ONLY, C), // statistics only
                indicator(5L, "产业合作", null, Assessment.NO_TARGET, D)));    // no target
        var result = assess(book, AssessmentRules.DEFAULTS, JUNE30,
                Map.of(JUNE30, values(1L, "150", 2L, "50", 3L, "6", 4L, "999")), List.of(), Map.of());

        assertThat(result.timeProgress()).isEqualByComparingTo("0.4958904110"); // 181/365
        var i1 = result.indicator(1).orElseThrow();
        assertThat(i1.completion()).isEqualByComparingTo("1.5");
        assertThat(i1.status()).isEqualTo(IndicatorStatus.COMPLETED);
        assertThat(i1.score()).isEqualByComparingTo("1");
        var i2 = result.indicator(2).orElseThrow();
        assertThat(i2.status()).isEqualTo(IndicatorStatus.SERIOUSLY_BEHIND); // 0.25 < 0.8 × 0.4959
        var i3 = result.indicator(3).orElseThrow();
        assertThat(i3.status()).isEqualTo(IndicatorStatus.ON_TRACK);
        var i4 = result.indicator(4).orElseThrow();
        assertThat(i4.assessed()).isFalse();
        assertThat(i4.actual()).isEqualByComparingTo("999");
        assertThat(i4.completion()).isNull();
        assertThat(i4.status()).isEqualTo(IndicatorStatus.NOT_ASSESSED);
        var i5 = result.indicator(5).orElseThrow();
        assertThat(i5.actual()).isEqualByComparingTo("0");
        assertThat(i5.source()).isEqualTo(Source.NONE);
        assertThat(i5.status()).isEqualTo(IndicatorStatus.NOT_ASSESSED);

        // plan: (1 + 0.25 + 0.6) / 3 × 100
        assertThat(result.score()).isEqualByComparingTo("61.6666666667");
        assertThat(result.grade()).isEqualTo("一般");
        assertThat(result.count(IndicatorStatus.COMPLETED)).isEqualTo(1);
        assertThat(result.count(IndicatorStatus.NOT_ASSESSED)).isEqualTo(2);
        // categories
        assertThat(result.categories()).extracting(CategoryResult::name).containsExactly("劳务协作", "产业合作");
        assertThat(result.categories().get(0).score()).isEqualByComparingTo("62.5");
        assertThat(result.categories().get(1).score()).isEqualByComparingTo("60");
        // units: A owns 1, 2 → 62.5; B owns 1, 3 → 80; C owns 3 (4 not assessed) → 60; D none
        assertThat(result.units()).extracting(u -> u.unit().name()).containsExactly("区农业农村局", "区人力社保局", "区教育局", "区统计局");
        assertThat(result.units()).extracting(UnitResult::rank).containsExactly(1, 2, 3, 0);
        assertThat(result.unit(2).orElseThrow().score()).isEqualByComparingTo("80");
        assertThat(result.unit(2).orElseThrow().grade()).isEqualTo("较好");
        assertThat(result.unit(2).orElseThrow().indicatorIds()).containsExactly(1L, 3L);
        assertThat(result.unit(4).orElseThrow().score()).isNull();
        assertThat(result.unit(4).orElseThrow().grade()).isNull();
        // heat map: B in 产业合作 = 60, in 劳务协作 = 100
        assertThat(result.heat(2, "产业合作")).isEqualByComparingTo("60");
        assertThat(result.heat(2, "劳务协作")).isEqualByComparingTo("100");
        assertThat(result.heat(4, "产业合作")).isNull();
        // red list: only the lagging, worst first
        assertThat(result.redList(10)).extracting(IndicatorResult::id).containsExactly(2L);
    }

    @Test
    void weightsPerCategoryAndIndicatorReplaceTheEqualDefault() {
        PlanBook book = book(List.of(
                indicator(1L, "劳务协作", "100", Assessment.ASSESSED, A),
                indicator(2L, "劳务协作", "100", Assessment.ASSESSED, A),
                indicator(3L, "产业合作", "100", Assessment.ASSESSED, B)));
        Map<LocalDate, Map<Long, StoredValue>> values = Map.of(JUNE30, values(1L, "100", 2L, "50", 3L, "0"));
        var equal = assess(book, AssessmentRules.DEFAULTS, JUNE30, values, List.of(), Map.of());
        assertThat(equal.score()).isEqualByComparingTo("50");
        AssessmentRules weighted = new AssessmentRules(1, d("0.8"), AssessmentRules.DEFAULTS.bands(),
                Map.of("劳务协作", d("2")), Map.of(2L, d("1")));
        // weights: 1 → 2 (category), 2 → 1 (own), 3 → 1: (2×1 + 1×0.5 + 1×0) / 4 = 0.625
        var result = assess(book, weighted, JUNE30, values, List.of(), Map.of());
        assertThat(result.score()).isEqualByComparingTo("62.5");
        assertThat(result.grade()).isEqualTo("一般");
        assertThat(result.indicator(1).orElseThrow().weight()).isEqualByComparingTo("2");
        assertThat(result.unit(1).orElseThrow().score()).isEqualByComparingTo("83.3333333333"); // (2×1 + 1×0.5)/3
    }

    @Test
    void theTargetInForceOnTheDateIsUsed() {
        PlanBook book = book(List.of(indicator(1L, "劳务协作", "200", Assessment.ASSESSED, A)));
        // the target went from 100 to 200 with effect from 1 July, decided on 20 June
        TargetRevision revision = new TargetRevision(Instant.parse("2021-06-20T02:00:00Z"), LocalDate.of(2021, 7, 1), d("100"), "100",
                d("200"), "200", "省里调整", "office");
        Map<LocalDate, Map<Long, StoredValue>> values = Map.of(JUNE30, values(1L, "100"), END, values(1L, "100"));
        var june = assess(book, AssessmentRules.DEFAULTS, JUNE30, values, List.of(), Map.of(1L, List.of(revision)));
        assertThat(june.indicator(1).orElseThrow().target()).isEqualByComparingTo("100");
        assertThat(june.indicator(1).orElseThrow().status()).isEqualTo(IndicatorStatus.COMPLETED);
        var december = assess(book, AssessmentRules.DEFAULTS, END, values, List.of(), Map.of(1L, List.of(revision)));
        assertThat(december.indicator(1).orElseThrow().target()).isEqualByComparingTo("200");
        assertThat(december.indicator(1).orElseThrow().completion()).isEqualByComparingTo("0.5");
        // known before the revision was made: the old target even in December
        assertThat(Scorecard.targetInForce(book.indicators().get(0), List.of(revision), END, Instant.parse("2021-06-01T00:00:00Z")))
                .isEqualByComparingTo("100");
    }

    @Test
    void theSeriesHasOnePointPerPeriodEndUpToTheDateAndDrivesTheForecast() {
        PlanBook book = book(List.of(indicator(1L, "劳务协作", "120", Assessment.ASSESSED, A)));
        LocalDate jan = LocalDate.of(2021, 1, 31);
        LocalDate feb = LocalDate.of(2021, 2, 28);
        LocalDate mar = LocalDate.of(2021, 3, 31);
        LocalDate apr = LocalDate.of(2021, 4, 30);
        Map<LocalDate, Map<Long, StoredValue>> values = Map.of(jan, values(1L, "10"), feb, values(1L, "20"),
                mar, values(1L, "30"), apr, values(1L, "40"), LocalDate.of(2021, 3, 15), values(1L, "25"));
        var march15 = assess(book, AssessmentRules.DEFAULTS, LocalDate.of(2021, 3, 15), values, List.of(jan, feb, mar, apr), Map.of());
        var result = march15.indicator(1).orElseThrow();
        assertThat(result.series()).extracting(IndicatorResult.SeriesPoint::date).containsExactly(jan, feb);
        assertThat(result.actual()).isEqualByComparingTo("25");
        // line through (31, 10) and (59, 20): 10/28 a day; at day 365: 20 + (365-59) × 10/28 = 129.2857142857...
        assertThat(result.forecast()).isEqualByComparingTo("129.2857142857");
        assertThat(result.forecastShort()).isFalse();
        // one point: pace (actual ÷ time progress)
        var february10 = assess(book, AssessmentRules.DEFAULTS, LocalDate.of(2021, 2, 10),
                Map.of(LocalDate.of(2021, 2, 10), values(1L, "4"), jan, values(1L, "10")), List.of(jan, feb), Map.of());
        assertThat(february10.indicator(1).orElseThrow().series()).hasSize(1);
        assertThat(february10.indicator(1).orElseThrow().forecast()).isEqualByComparingTo("35.6097561049"); // 4 ÷ 0.1123287671 (41/365 at scale 10)
        assertThat(february10.indicator(1).orElseThrow().forecastShort()).isTrue();
    }

    @Test
    void supervisionDeductionsComeOffAUnitsScoreNeverBelowZeroAndOnlyWhenTheRulesSaySo() {
        PlanBook book = book(List.of(indicator(1L, "劳务协作", "100", Assessment.ASSESSED, A),
                indicator(2L, "劳务协作", "100", Assessment.ASSESSED, B)));
        Map<LocalDate, Map<Long, StoredValue>> values = Map.of(JUNE30, values(1L, "100", 2L, "3"));
        Map<Long, Integer> deductions = Map.of(A.id(), 2, B.id(), 1);
        var off = Scorecard.assess(new Scorecard.Inputs(book, AssessmentRules.DEFAULTS, JUNE30, null, null, List.of(), Map.of(), values,
                deductions));
        assertThat(off.unit(A.id()).orElseThrow().score()).isEqualByComparingTo("100");
        assertThat(off.unit(A.id()).orElseThrow().deducted()).isEqualByComparingTo("0");
        AssessmentRules rules = new AssessmentRules(1, d("0.8"), AssessmentRules.DEFAULTS.bands(), Map.of(), Map.of(), d("5"));
        var on = Scorecard.assess(new Scorecard.Inputs(book, rules, JUNE30, null, null, List.of(), Map.of(), values, deductions));
        assertThat(on.unit(A.id()).orElseThrow().score()).isEqualByComparingTo("90");
        assertThat(on.unit(A.id()).orElseThrow().deductions()).isEqualTo(2);
        assertThat(on.unit(A.id()).orElseThrow().deducted()).isEqualByComparingTo("10");
        assertThat(on.unit(A.id()).orElseThrow().grade()).isEqualTo("好");
        assertThat(on.unit(B.id()).orElseThrow().score()).isEqualByComparingTo("0"); // 3 − 5, not below 0
        assertThat(on.score()).isEqualByComparingTo(off.score());                    // the plan's score is not touched
    }

    @Test
    void aUnitSeesOnlyItsIndicatorsButPlanLevelScores() {
        PlanBook book = book(List.of(indicator(1L, "劳务协作", "100", Assessment.ASSESSED, A),
                indicator(2L, "劳务协作", "100", Assessment.ASSESSED, B)));
        var result = assess(book, AssessmentRules.DEFAULTS, JUNE30, Map.of(JUNE30, values(1L, "100", 2L, "0")), List.of(), Map.of());
        var shown = result.showingOnly(java.util.Set.of(1L), java.util.Set.of(1L));
        assertThat(shown.indicators()).extracting(IndicatorResult::id).containsExactly(1L);
        assertThat(shown.units()).hasSize(1);
        assertThat(shown.score()).isEqualByComparingTo("50");
    }
}
