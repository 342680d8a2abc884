package org.xiezuo.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.Bindings;
import org.xiezuo.ledger.ChineseIdsForTests;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.ledger.ImportMode;
import org.xiezuo.ledger.LedgerImports;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.sheet.Workbooks;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.Reporting;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.MutableClock;

/**
 * The assessment on the reference task book through the services, with a clock moved into 2021: as-of
 * semantics (a later period does not count, a late approval for an earlier period does), "as known on"
 * for reports and ledger records, stored values (a lookup until the plan's data changes), versioned rules
 * with their audit row, and a unit reader's view. Runs on H2 and PostgreSQL.
 */
abstract class AssessmentContract {

    static final LocalDate JUNE30 = LocalDate.of(2021, 6, 30);

    @Autowired DocumentImports documents;
    @Autowired PlanQueries planQueries;
    @Autowired Bindings bindings;
    @Autowired Reporting reporting;
    @Autowired ReportingQueries queries;
    @Autowired LedgerImports ledgers;
    @Autowired Assessor assessor;
    @Autowired AssessmentRulebook rulebook;
    @Autowired JdbcClient jdbc;
    @Autowired MutableClock clock;

    ScopeFixture district;
    long planId;
    long education;
    Actor office;
    Actor reporter;
    PlanBook.IndicatorRow schools; // 3. 参与结对的东部学校数, 个, target 4, 区教育局 alone
    long june;
    long july;

    @BeforeEach
    void aPlan() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        district = ScopeFixture.importFor(documents, planQueries, "考核测试区" + tag);
        planId = district.planId();
        DepartmentReporting.of(bindings, district.book(), "3");
        education = district.unit("区教育局");
        office = Actor.user("xzb-" + tag, "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")),
                Set.of(district.districtId()));
        reporter = Actor.user("jy-" + tag, "教育局填报员", Set.of(Role.REPORTER), Set.of(education), Set.of(district.districtId()));
        schools = district.book().indicators().stream().filter(i -> "3".equals(i.code())).findFirst().orElseThrow();
        List<ReportingQueries.PeriodRow> periods = queries.periods(office, planId);
        june = periods.get(5).id();
        july = periods.get(6).id();
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    static Instant china(String dateTime) {
        return java.time.LocalDateTime.parse(dateTime).atZone(Assessor.ZONE).toInstant();
    }

    /** The education office reports {@code value} schools for the period and the office approves it, at {@code when}. */
    void reportAndApprove(long period, String value, String when) {
        clock.setTo(china(when));
        ReportingQueries.ReportSummary current = queries.sheet(office, period, education).report();
        if (current != null && current.status() == org.xiezuo.reporting.ReportStatus.APPROVED) {
            reporting.correct(reporter, current.id(), "更正数据");
        }
        int lineVersion = queries.sheet(office, period, education).indicators().stream()
                .filter(e -> e.indicator().id() == schools.id()).findFirst().map(ReportingQueries.IndicatorEntry::lineVersion).orElse(0);
        Reporting.LineSaved saved = reporting.saveIndicatorLine(reporter, period, education, schools.id(), lineVersion, value, null,
                "测试");
        ReportingQueries.ReportSummary report = queries.sheet(office, period, education).report();
        reporting.submit(reporter, saved.reportId(), report.version());
        report = queries.sheet(office, period, education).report();
        reporting.approve(office, report.id(), report.version());
    }

    IndicatorResult schoolsOn(LocalDate asOf, LocalDate knownOn) {
        return assessor.assess(office, planId, asOf, knownOn).indicator(schools.id()).orElseThrow();
    }

    @Test
    void asOfCountsPeriodsEndingByTheDateAndLateApprovalsForThemAndKnownOnLimitsToWhatWasApproved() {
        reportAndApprove(june, "2", "2021-07-10T10:00");   // June: 2 schools, approved 10 July
        reportAndApprove(july, "3", "2021-08-10T10:00");   // July: 3 schools, approved 10 August
        reportAndApprove(june, "1", "2021-08-20T10:00");   // June corrected to 1, approved late on 20 August
        clock.reset();

        IndicatorResult june30 = schoolsOn(JUNE30, null);
        assertThat(june30.actual()).isEqualByComparingTo("1");          // the late correction counts for June
        assertThat(june30.source()).isEqualTo(Source.REPORT);
        assertThat(june30.target()).isEqualByComparingTo("4");
        assertThat(june30.completion()).isEqualByComparingTo("0.25");
        // 0.25 against time progress 181/365 = 0.4959: below 0.8 × 0.4959 = 0.3967
        assertThat(june30.status()).isEqualTo(IndicatorStatus.SERIOUSLY_BEHIND);
        IndicatorResult july31 = schoolsOn(LocalDate.of(2021, 7, 31), null);
        assertThat(july31.actual()).isEqualByComparingTo("3");          // July's value counts from its end, not before
        assertThat(schoolsOn(LocalDate.of(2021, 7, 30), null).actual()).isEqualByComparingTo("1");

        // as known on 31 July: June's first approval only
        assertThat(schoolsOn(JUNE30, LocalDate.of(2021, 7, 31)).actual()).isEqualByComparingTo("2");
        assertThat(schoolsOn(LocalDate.of(2021, 7, 31), LocalDate.of(2021, 8, 15)).actual()).isEqualByComparingTo("3");
        // as known on 9 July: nothing approved yet
        IndicatorResult nothing = schoolsOn(JUNE30, LocalDate.of(2021, 7, 9));
        assertThat(nothing.actual()).isEqualByComparingTo("0");
        assertThat(nothing.source()).isEqualTo(Source.NONE);

        // the series for the forecast: one point per period end up to the date
        IndicatorResult august = schoolsOn(LocalDate.of(2021, 8, 31), null);
        assertThat(august.series()).extracting(IndicatorResult.SeriesPoint::value)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                        BigDecimal.ONE, new BigDecimal("3"), new BigDecimal("3"));
        // the same dates give the same figures
        assertThat(AssessmentJson.write(assessor.assess(office, planId, JUNE30, LocalDate.of(2021, 7, 31))))
                .isEqualTo(AssessmentJson.write(assessor.assess(office, planId, JUNE30, LocalDate.of(2021, 7, 31))));
        assertThatThrownBy(() -> assessor.assess(office, planId, JUNE30, LocalDate.now().plusDays(2)))
                .hasMessageContaining("不能晚于今天");
    }

    @Test
    void valuesAreStoredPerDateAndRecomputedOnlyWhenThePlansDataChanges() {
        reportAndApprove(june, "2", "2021-07-10T10:00");
        clock.reset();
        assertThat(schoolsOn(JUNE30, null).actual()).isEqualByComparingTo("2");
        long stored = jdbc.sql("select count(*) from assessment_value where plan_id = :plan and as_of = :d")
                .param("plan", planId).param("d", java.sql.Date.valueOf(JUNE30)).query(Long.class).single();
        assertThat(stored).isEqualTo(district.book().indicators().size());
        // a lookup: a stored value is what the page shows (prove it by changing the stored row)
        jdbc.sql("update assessment_value set actual = 99 where plan_id = :plan and indicator_id = :i and as_of = :d")
                .param("plan", planId).param("i", schools.id()).param("d", java.sql.Date.valueOf(JUNE30)).update();
        assertThat(schoolsOn(JUNE30, null).actual()).isEqualByComparingTo("99");
        // a change to the plan's data moves the stamp: the value is computed again
        reportAndApprove(june, "4", "2021-08-01T10:00");
        clock.reset();
        IndicatorResult after = schoolsOn(JUNE30, null);
        assertThat(after.actual()).isEqualByComparingTo("4");
        assertThat(after.status()).isEqualTo(IndicatorStatus.COMPLETED);
        assertThat(jdbc.sql("select count(distinct stamp) from assessment_value where plan_id = :plan").param("plan", planId)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void ledgerRecordsEnteredAfterTheKnownOnDayDoNotCount() {
        clock.setTo(china("2021-10-01T09:00"));
        Path file = Workbooks.sheet("就业人员").headers("序号", "姓名", "身份证号", "手机号", "是否脱贫人口", "就业省份", "就业单位",
                        "就业开始日期", "就业结束日期", "填报单位", "备注")
                .row(new Object[] {"1", "张三", ChineseIdsForTests.valid(new Random(1), 1), null, "是", "浙江省", "甲公司",
                        LocalDate.of(2021, 3, 1), null, "区人力社保局", null})
                .row(new Object[] {"2", "李四", ChineseIdsForTests.valid(new Random(2), 2), null, "否", "浙江省", "乙公司",
                        LocalDate.of(2021, 4, 1), null, "区人力社保局", null})
                .write("assessment-ledger-" + UUID.randomUUID());
        ledgers.importFile(office, planId, LedgerKind.EMPLOYMENT, file, file.getFileName().toString(), ImportMode.STRICT);
        clock.reset();
        PlanBook.IndicatorRow five = district.book().indicators().stream().filter(i -> "5".equals(i.code())).findFirst().orElseThrow();
        IndicatorResult now = assessor.assess(office, planId, JUNE30, null).indicator(five.id()).orElseThrow();
        assertThat(now.actual()).isEqualByComparingTo("2");
        assertThat(now.source()).isEqualTo(Source.LEDGER);
        assertThat(assessor.assess(office, planId, JUNE30, LocalDate.of(2021, 9, 30)).indicator(five.id()).orElseThrow().actual())
                .isEqualByComparingTo("0");
        assertThat(assessor.assess(office, planId, JUNE30, LocalDate.of(2021, 10, 1)).indicator(five.id()).orElseThrow().actual())
                .isEqualByComparingTo("2");
        // the records' own dates: on 31 March only the first spell had started
        assertThat(assessor.assess(office, planId, LocalDate.of(2021, 3, 31), null).indicator(five.id()).orElseThrow().actual())
                .isEqualByComparingTo("1");
    }

    @Test
    void rulesAreVersionedAuditedAndOnlyTheOfficeChangesThem() {
        Assessment before = assessor.assess(office, planId, JUNE30, null);
        assertThat(before.rules().version()).isZero();
        assertThat(before.grade()).isEqualTo("差");

        AssessmentRules saved = rulebook.save(office, planId, new BigDecimal("0.5"), "达标=0\n优秀=50", Map.of(schools.category(), new BigDecimal("3")),
                Map.of(schools.id(), new BigDecimal("2")), "年中调整");
        assertThat(saved.version()).isEqualTo(1);
        Assessment after = assessor.assess(office, planId, JUNE30, null);
        assertThat(after.rules().version()).isEqualTo(1);
        assertThat(after.rules().bands()).extracting(GradeBand::name).containsExactly("优秀", "达标");
        assertThat(after.grade()).isEqualTo("达标");
        assertThat(after.indicator(schools.id()).orElseThrow().weight()).isEqualByComparingTo("2");
        assertThat(jdbc.sql("select count(*) from audit_event where plan_id = :plan and event_type = 'ASSESSMENT_RULES_CHANGED'")
                .param("plan", planId).query(Long.class).single()).isEqualTo(1);
        // as known on a day before the change: the rules then (the defaults)
        assertThat(assessor.assess(office, planId, JUNE30, LocalDate.of(2021, 7, 1)).rules().version()).isZero();

        assertThatThrownBy(() -> rulebook.save(reporter, planId, new BigDecimal("0.8"), "好=90", Map.of(), Map.of(), null))
                .isInstanceOf(AccessDenied.class);
        assertThatThrownBy(() -> rulebook.save(office, planId, new BigDecimal("0.8"), "好=90", Map.of("没有的类别", BigDecimal.ONE),
                Map.of(), null)).hasMessageContaining("没有类别「没有的类别」");
        assertThat(rulebook.inForce(planId, null).version()).isEqualTo(1);
    }

    @Test
    void aUnitReaderSeesItsOwnIndicatorsAndUnitWithPlanLevelScores() {
        Assessment whole = assessor.assess(office, planId, JUNE30, null);
        Assessment own = assessor.assess(reporter, planId, JUNE30, null);
        assertThat(own.indicators()).isNotEmpty()
                .allSatisfy(i -> assertThat(i.indicator().units()).anySatisfy(u -> assertThat(u.id()).isEqualTo(education)));
        assertThat(own.indicators().size()).isLessThan(whole.indicators().size());
        assertThat(own.units()).extracting(u -> u.unit().id()).containsExactly(education);
        assertThat(own.score()).isEqualByComparingTo(whole.score());
        // units without an assessed indicator have no score and come last
        assertThat(whole.units().get(whole.units().size() - 1).score()).isNull();
        assertThat(whole.units().stream().filter(u -> u.score() == null)).allSatisfy(u -> assertThat(u.rank()).isZero());
    }
}
