package org.xiezuo.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xiezuo.assessment.Formulas.Point;
import org.xiezuo.assessment.Formulas.Weighted;

/** Each formula of the assessment and its boundaries (issue 6, "Done when" 1). */
class FormulasTests {

    private static final LocalDate JAN1 = LocalDate.of(2021, 1, 1);
    private static final LocalDate DEC31 = LocalDate.of(2021, 12, 31);

    private static BigDecimal d(String text) { return new BigDecimal(text); }

    @Test
    void timeProgressCountsTheDayItselfAndIsClamped() {
        assertThat(Formulas.timeProgress(JAN1, DEC31, JAN1)).isEqualByComparingTo(d("1").divide(d("365"), 10, java.math.RoundingMode.HALF_UP));
        assertThat(Formulas.timeProgress(JAN1, DEC31, JAN1)).isEqualByComparingTo("0.0027397260");
        assertThat(Formulas.timeProgress(JAN1, DEC31, DEC31)).isEqualByComparingTo("1");
        assertThat(Formulas.timeProgress(JAN1, DEC31, LocalDate.of(2020, 12, 31))).isEqualByComparingTo("0");
        assertThat(Formulas.timeProgress(JAN1, DEC31, LocalDate.of(2022, 3, 1))).isEqualByComparingTo("1");
        // 30 November 2021: 334 of 365 days
        assertThat(Formulas.timeProgress(JAN1, DEC31, LocalDate.of(2021, 11, 30))).isEqualByComparingTo("0.9150684932");
    }

    @Test
    void timeProgressInALeapYearHas366Days() {
        LocalDate start = LocalDate.of(2024, 1, 1);
        LocalDate end = LocalDate.of(2024, 12, 31);
        assertThat(Formulas.timeProgress(start, end, LocalDate.of(2024, 2, 29))).isEqualByComparingTo("0.1639344262"); // 60/366
        assertThat(Formulas.timeProgress(start, end, end)).isEqualByComparingTo("1");
        assertThat(Formulas.dayNumber(start, end)).isEqualTo(366);
    }

    @Test
    void timeProgressWithAYearEndingOn30November() {
        LocalDate end = LocalDate.of(2021, 11, 30);
        assertThat(Formulas.timeProgress(JAN1, end, end)).isEqualByComparingTo("1");
        assertThat(Formulas.timeProgress(JAN1, end, LocalDate.of(2021, 12, 15))).isEqualByComparingTo("1");
    }

    @Test
    void completionIsUncappedAndNoneWithoutTarget() {
        assertThat(Formulas.completion(d("1385"), d("200"))).isEqualByComparingTo("6.925");
        assertThat(Formulas.completion(d("1"), d("3"))).isEqualByComparingTo("0.3333333333");
        assertThat(Formulas.completion(d("2"), d("3"))).isEqualByComparingTo("0.6666666667"); // HALF_UP at scale 10
        assertThat(Formulas.completion(d("5"), null)).isNull();
        assertThat(Formulas.completion(d("5"), BigDecimal.ZERO)).isNull();
    }

    @Test
    void statusBoundaries() {
        BigDecimal tp = d("0.5");
        BigDecimal ratio = d("0.8");
        assertThat(Formulas.status(true, d("1"), tp, ratio)).isEqualTo(IndicatorStatus.COMPLETED);
        assertThat(Formulas.status(true, d("6.925"), tp, ratio)).isEqualTo(IndicatorStatus.COMPLETED);
        assertThat(Formulas.status(true, d("0.9999999999"), tp, ratio)).isEqualTo(IndicatorStatus.ON_TRACK);
        assertThat(Formulas.status(true, d("0.5"), tp, ratio)).isEqualTo(IndicatorStatus.ON_TRACK);
        assertThat(Formulas.status(true, d("0.4999999999"), tp, ratio)).isEqualTo(IndicatorStatus.BEHIND);
        assertThat(Formulas.status(true, d("0.4"), tp, ratio)).isEqualTo(IndicatorStatus.BEHIND);
        assertThat(Formulas.status(true, d("0.3999999999"), tp, ratio)).isEqualTo(IndicatorStatus.SERIOUSLY_BEHIND);
        assertThat(Formulas.status(true, BigDecimal.ZERO, tp, ratio)).isEqualTo(IndicatorStatus.SERIOUSLY_BEHIND);
        assertThat(Formulas.status(true, BigDecimal.ZERO, BigDecimal.ZERO, ratio)).isEqualTo(IndicatorStatus.ON_TRACK);
        assertThat(Formulas.status(false, d("0.1"), tp, ratio)).isEqualTo(IndicatorStatus.NOT_ASSESSED);
        assertThat(Formulas.status(true, null, tp, ratio)).isEqualTo(IndicatorStatus.NOT_ASSESSED);
        // a configured threshold moves the yellow band
        assertThat(Formulas.status(true, d("0.4"), tp, d("0.9"))).isEqualTo(IndicatorStatus.SERIOUSLY_BEHIND);
    }

    @Test
    void forecastWithNoOrOnePointUsesPace() {
        assertThat(Formulas.forecast(List.of(), 365, d("50"), d("0.5"))).isEqualByComparingTo("100");
        assertThat(Formulas.forecast(List.of(new Point(31, d("10"))), 365, d("50"), d("0.25"))).isEqualByComparingTo("200");
        assertThat(Formulas.forecast(List.of(), 365, d("50"), BigDecimal.ZERO)).isNull();
    }

    @Test
    void forecastWithTwoPointsIsTheLineThroughThem() {
        // (100, 10) and (200, 30): slope 0.2, at day 365: 30 + 0.2 × 165 = 63
        assertThat(Formulas.forecast(List.of(new Point(100, d("10")), new Point(200, d("30"))), 365, d("30"), d("0.5")))
                .isEqualByComparingTo("63");
    }

    @Test
    void forecastWithManyPointsIsTheLeastSquaresLineWithFreeIntercept() {
        // x = 31, 59, 90, 120; y = 10, 25, 30, 50. Computed independently:
        // x̄ = 75, ȳ = 28.75; Sxy = (-44)(-18.75)+(-16)(-3.75)+(15)(1.25)+(45)(21.25) = 825+60+18.75+956.25 = 1860
        // Sxx = 1936+256+225+2025 = 4442; slope = 1860/4442; at 365: 28.75 + 290 × 1860/4442 = 150.18178748311571...
        List<Point> points = List.of(new Point(31, d("10")), new Point(59, d("25")), new Point(90, d("30")), new Point(120, d("50")));
        BigDecimal forecast = Formulas.forecast(points, 365, d("50"), d("0.33"));
        assertThat(forecast).isEqualByComparingTo("150.1817874831");
        // points on one day cannot make a line: pace instead
        assertThat(Formulas.forecast(List.of(new Point(31, d("10")), new Point(31, d("12"))), 365, d("12"), d("0.5")))
                .isEqualByComparingTo("24");
    }

    @Test
    void scoreIsTheWeightedMeanOfCappedCompletions() {
        assertThat(Formulas.indicatorScore(d("6.925"))).isEqualByComparingTo("1");
        assertThat(Formulas.indicatorScore(d("0.5"))).isEqualByComparingTo("0.5");
        assertThat(Formulas.score(List.of(new Weighted(d("1"), d("1")), new Weighted(d("0.5"), d("1")))))
                .isEqualByComparingTo("75");
        assertThat(Formulas.score(List.of(new Weighted(d("1"), d("3")), new Weighted(d("0.5"), d("1")))))
                .isEqualByComparingTo("87.5");
        assertThat(Formulas.score(List.of())).isNull();
    }

    @Test
    void ranksShareTiesAndSkip() {
        record U(String name, BigDecimal score) {}
        List<Formulas.Ranked<U>> ranked = Formulas.rank(List.of(new U("a", d("80")), new U("b", d("95")), new U("n", null),
                new U("c", d("95.0")), new U("d", d("70"))), U::score);
        assertThat(ranked).extracting(r -> r.item().name()).containsExactly("b", "c", "a", "d", "n");
        assertThat(ranked).extracting(Formulas.Ranked::rank).containsExactly(1, 1, 3, 4, 0);
    }

    @Test
    void gradeBandsDefaultAndConfigured() {
        AssessmentRules rules = AssessmentRules.DEFAULTS;
        assertThat(rules.gradeOf(d("90"))).isEqualTo("好");
        assertThat(rules.gradeOf(d("89.9999999999"))).isEqualTo("较好");
        assertThat(rules.gradeOf(d("75"))).isEqualTo("较好");
        assertThat(rules.gradeOf(d("60"))).isEqualTo("一般");
        assertThat(rules.gradeOf(d("59.99"))).isEqualTo("差");
        assertThat(rules.gradeOf(null)).isNull();
        AssessmentRules custom = new AssessmentRules(1, d("0.8"), AssessmentRules.parseBands("优秀=95\n合格=60\n不合格=0"), java.util.Map.of(),
                java.util.Map.of());
        assertThat(custom.gradeOf(d("96"))).isEqualTo("优秀");
        assertThat(custom.gradeOf(d("94"))).isEqualTo("合格");
        assertThat(custom.gradeOf(d("10"))).isEqualTo("不合格");
        assertThat(custom.bandsText()).isEqualTo("优秀=95\n合格=60\n不合格=0");
    }

    @Test
    void badRulesAreRefusedWithTheirLine() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AssessmentRules.parseBands("好=90\n较好"))
                .hasMessageContaining("第 2 行");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AssessmentRules.parseBands("好=abc"))
                .hasMessageContaining("不是数字");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AssessmentRules(1, d("1.5"), AssessmentRules.DEFAULTS.bands(),
                java.util.Map.of(), java.util.Map.of())).hasMessageContaining("0 到 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AssessmentRules(1, d("0.8"), AssessmentRules.DEFAULTS.bands(),
                java.util.Map.of("产业合作", d("0")), java.util.Map.of())).hasMessageContaining("权重须大于 0");
    }
}
