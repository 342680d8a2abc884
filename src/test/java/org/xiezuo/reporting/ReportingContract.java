package org.xiezuo.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.Validation.Finding;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Role;

/**
 * Reporting on the reference task book through the services: the periods a new plan gets, saving
 * values line by line, each validation rule, submission and review with and without a unit head,
 * returns with a reason, the lock after approval, corrections as revisions, the plan-level actual, and
 * scope. Runs on H2 and PostgreSQL.
 */
abstract class ReportingContract {

    @Autowired org.xiezuo.ledger.Bindings bindings;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired Reporting reporting;
    @Autowired ReportingQueries queries;
    @Autowired AccountAdministration accounts;
    @Autowired JdbcClient jdbc;

    ScopeFixture district;
    long education;
    long health;
    long people;
    Actor reporter;
    Actor head;
    Actor office;
    Actor otherReporter;
    long june;
    long july;
    PlanBook.IndicatorRow schools;   // 3. 参与结对的东部学校数, 个, target 4, 区教育局 alone
    PlanBook.IndicatorRow students;  // 13. …就读职业院校数, 人, target 30, 区教育局 + 区人力社保局

    @BeforeEach
    void aPlanWithItsPeriods() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        district = ScopeFixture.importFor(imports, planQueries, "填报测试区" + tag);
        DepartmentReporting.only(bindings, district.planId()); // department reporting, not ledgers
        education = district.unit("区教育局");
        health = district.unit("区卫健局");
        people = district.unit("区人力社保局");
        reporter = Actor.user("jy-" + tag, "教育局填报员", Set.of(Role.REPORTER), Set.of(education), Set.of(district.districtId()));
        otherReporter = Actor.user("wj-" + tag, "卫健局填报员", Set.of(Role.REPORTER), Set.of(health), Set.of(district.districtId()));
        head = Actor.user("jyfz-" + tag, "教育局负责人", Set.of(Role.UNIT_HEAD), Set.of(education), Set.of(district.districtId()));
        office = Actor.user("xzb-" + tag, "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")),
                Set.of(district.districtId()));
        List<ReportingQueries.PeriodRow> periods = queries.periods(office, district.planId());
        june = periods.get(5).id();
        july = periods.get(6).id();
        schools = indicator("3");
        students = indicator("13");
    }

    PlanBook.IndicatorRow indicator(String code) {
        return district.book().indicators().stream().filter(i -> code.equals(i.code())).findFirst().orElseThrow();
    }

    void withUnitHead() {
        accounts.create(Actor.cliAdministrator("t"), new AccountAdministration.NewAccount(head.name(), "教育局负责人",
                Set.of(Role.UNIT_HEAD), Set.of(education), null, null, null));
    }

    Reporting.LineSaved save(Actor who, long period, PlanBook.IndicatorRow indicator, String value) {
        return save(who, period, indicator, value, null);
    }

    Reporting.LineSaved save(Actor who, long period, PlanBook.IndicatorRow indicator, String value, String reason) {
        int version = queries.sheet(office, period, education).indicators().stream()
                .filter(e -> e.indicator().id() == indicator.id()).findFirst().map(ReportingQueries.IndicatorEntry::lineVersion)
                .orElse(0);
        return reporting.saveIndicatorLine(who, period, education, indicator.id(), version, value, null, reason);
    }

    ReportingQueries.ReportSummary report(long period) {
        return queries.sheet(office, period, education).report();
    }

    @Test
    void aNewPlanGetsMonthlyPeriodsDueOnTheFifthAndPastOnesAreForBackFilling() {
        List<ReportingQueries.PeriodRow> periods = queries.periods(office, district.planId());

        assertThat(periods).hasSize(12);
        assertThat(periods.get(0).label()).isEqualTo("2021年1月");
        assertThat(periods.get(0).startsOn()).isEqualTo(LocalDate.of(2021, 1, 1));
        assertThat(periods.get(0).endsOn()).isEqualTo(LocalDate.of(2021, 1, 31));
        assertThat(periods.get(0).deadline()).isEqualTo(LocalDate.of(2021, 2, 5));
        assertThat(periods.get(11).deadline()).isEqualTo(LocalDate.of(2022, 1, 5));
        // the plan was imported long after 2021: every period is open for back-filling and none is overdue
        assertThat(periods).allSatisfy(p -> {
            assertThat(p.backfill()).isTrue();
            assertThat(p.overdue()).isFalse();
            assertThat(p.status()).isEqualTo(PeriodStatus.OPEN);
        });
        assertThat(queries.rules(office, district.planId())).extracting(ReportingQueries.RuleView::kind)
                .containsExactly(RuleKind.values());
    }

    @Test
    void theCadenceCanChangeUntilSomebodyReports() {
        reporting.setUpCycle(office, district.planId(), Cadence.QUARTERLY, 10);
        List<ReportingQueries.PeriodRow> quarters = queries.periods(office, district.planId());
        assertThat(quarters).extracting(ReportingQueries.PeriodRow::label)
                .containsExactly("2021年第一季度", "2021年第二季度", "2021年第三季度", "2021年第四季度");
        assertThat(quarters.get(0).deadline()).isEqualTo(LocalDate.of(2021, 4, 10));

        save(reporter, quarters.get(0).id(), schools, "1");
        assertThatThrownBy(() -> reporting.setUpCycle(office, district.planId(), Cadence.MONTHLY, 5))
                .isInstanceOf(BusinessRuleViolation.class).hasMessageContaining("已有单位填报");
    }

    @Test
    void eachErrorRuleNamesTheIndicatorTheRuleAndTheValue() {
        assertThatThrownBy(() -> save(reporter, june, schools, "N/A"))
                .hasMessage("「3.参与结对的东部学校数」应填写数字，填写的是「N/A」");
        assertThat(report(june)).isNull();

        assertThat(messages(save(reporter, june, schools, "-1")))
                .containsExactly("「3.参与结对的东部学校数」填报值 -1 为负数，数值不能为负数");
        assertThat(messages(save(reporter, june, schools, "1.5")))
                .containsExactly("「3.参与结对的东部学校数」计量单位为“个”，只能填整数，填报值为 1.5");
        assertThat(save(reporter, june, schools, "２").findings()).isEmpty();
        assertThat(queries.sheet(reporter, june, education).indicators().get(0).value()).isEqualByComparingTo("2");
    }

    @Test
    void aChildAboveItsParentIsAnError() {
        PlanBook.IndicatorRow parent = indicator("26");
        PlanBook.IndicatorRow child = indicator("27");
        long unit = district.unit("区人力社保局");
        Actor rs = Actor.user("rs", "人社局填报员", Set.of(Role.REPORTER), Set.of(unit), Set.of(district.districtId()));
        reporting.saveIndicatorLine(rs, june, unit, parent.id(), 0, "10", null, null);
        List<Finding> findings = reporting.saveIndicatorLine(rs, june, unit, child.id(), 0, "12", null, null).findings();

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(RuleKind.CHILD_EXCEEDS_PARENT);
            assertThat(f.blocks()).isTrue();
            assertThat(f.message()).isEqualTo("「27.其中：脱贫人口数（含存量）」填报值 12 大于上级指标「26.吸纳农村劳动力就业数（含存量）」的填报值 10，“其中”项不能大于其上级指标");
        });
    }

    @Test
    void warningsAllowSubmissionOnceAReasonIsGiven() {
        // 13: target 30 人; 70 is more than twice the target and a jump of more than half of it in one period
        List<Finding> findings = save(reporter, june, students, "70").findings();
        assertThat(findings).extracting(Finding::rule).containsExactly(RuleKind.ABOVE_TARGET_MULTIPLE, RuleKind.JUMP_SHARE_OF_TARGET);
        assertThat(findings).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
        assertThat(findings.get(0).message()).isEqualTo("「13.组织四川省农村学生到本市就读职业院校数」填报值 70 超过目标 30 的2倍，请核实或说明原因");
        assertThat(findings.get(1).message()).isEqualTo(
                "「13.组织四川省农村学生到本市就读职业院校数」本期增加 70（由 0 到 70），超过目标 30 的50%，请核实或说明原因");
        ReportingQueries.ReportSummary draft = report(june);
        assertThatThrownBy(() -> reporting.submit(reporter, draft.id(), draft.version()))
                .isInstanceOf(Reporting.SubmissionRefused.class).hasMessageContaining("2处问题");

        assertThat(save(reporter, june, students, "70", "含往年结转的在读学生").findings()).allSatisfy(f -> assertThat(f.blocks()).isFalse());
        reporting.submit(reporter, draft.id(), report(june).version());
        assertThat(report(june).status()).isEqualTo(ReportStatus.SUBMITTED);
    }

    @Test
    void aLowerCumulativeValueThanLastApprovedNeedsAReason() {
        save(reporter, june, schools, "2");
        approveWithoutHead(june);
        List<Finding> lower = save(reporter, july, schools, "1").findings();
        assertThat(lower).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(RuleKind.BELOW_PREVIOUS);
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).isEqualTo("「3.参与结对的东部学校数」累计值 1 低于上一期已审核的 2；累计值一般不会减少，如确需调减，请填写原因");
            assertThat(f.blocks()).isTrue();
        });
        assertThat(save(reporter, july, schools, "1", "一所学校撤销结对").findings()).singleElement()
                .satisfies(f -> assertThat(f.blocks()).isFalse());
        assertThat(queries.sheet(reporter, july, education).indicators().get(0).previousApproved()).isEqualByComparingTo("2");
    }

    @Test
    void rulesAreDataThePlanCanChange() {
        reporting.configureRule(office, district.planId(), RuleKind.ABOVE_TARGET_MULTIPLE, Severity.ERROR, new BigDecimal("3"), true);
        reporting.configureRule(office, district.planId(), RuleKind.JUMP_SHARE_OF_TARGET, Severity.WARNING, new BigDecimal("0.5"), false);
        assertThat(save(reporter, june, students, "70").findings()).isEmpty();
        List<Finding> findings = save(reporter, june, students, "95", "理由").findings();
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(RuleKind.ABOVE_TARGET_MULTIPLE);
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.blocks()).as("an error is not answered by a reason").isTrue();
            assertThat(f.message()).contains("超过目标 30 的3倍");
        });
    }

    @Test
    void aUnitSubTargetReplacesTheIndicatorTargetInTheChecks() {
        reporting.setUnitTarget(office, district.planId(), students.id(), education, new BigDecimal("10"));
        assertThat(save(reporter, june, students, "25").findings()).extracting(Finding::rule)
                .containsExactly(RuleKind.ABOVE_TARGET_MULTIPLE, RuleKind.JUMP_SHARE_OF_TARGET);
        assertThat(queries.sheet(reporter, june, education).indicators()).filteredOn(e -> e.indicator().id() == students.id())
                .singleElement().satisfies(e -> assertThat(e.unitTarget()).isEqualByComparingTo("10"));
    }

    @Test
    void withAUnitHeadTheHeadReviewsFirstThenTheOfficeAndAReturnNeedsAReason() {
        withUnitHead();
        save(reporter, june, schools, "2");
        ReportingQueries.ReportSummary draft = report(june);
        reporting.submit(reporter, draft.id(), draft.version());

        assertThatThrownBy(() -> reporting.approve(office, draft.id(), report(june).version()))
                .isInstanceOf(BusinessRuleViolation.class).hasMessageContaining("须先由部门负责人审核");
        assertThat(queries.inbox(office, district.planId(), null, null, 0, 20).items()).isEmpty();
        assertThat(queries.inbox(head, null, null, null, 0, 20).items()).extracting(r -> r.report().id()).containsExactly(draft.id());

        assertThat(reporting.approve(head, draft.id(), report(june).version())).isEqualTo(ReportStatus.UNIT_APPROVED);
        assertThat(queries.inbox(office, district.planId(), null, null, 0, 20).items()).extracting(r -> r.report().id())
                .containsExactly(draft.id());
        assertThatThrownBy(() -> reporting.returnReport(office, draft.id(), report(june).version(), " "))
                .hasMessage("请填写退回原因");
        reporting.returnReport(office, draft.id(), report(june).version(), "请补充结对学校名单");
        ReportingQueries.ReportSummary returned = report(june);
        assertThat(returned.status()).isEqualTo(ReportStatus.RETURNED);
        assertThat(returned.returnReason()).isEqualTo("请补充结对学校名单");
        assertThat(returned.returnedBy()).isEqualTo(office.name());

        save(reporter, june, schools, "3", "补报一所结对学校");
        reporting.submit(reporter, draft.id(), report(june).version());
        assertThat(report(june).returnReason()).as("the last return stays on record").isEqualTo("请补充结对学校名单");
        reporting.approve(head, draft.id(), report(june).version());
        assertThat(reporting.approve(office, draft.id(), report(june).version())).isEqualTo(ReportStatus.APPROVED);
        ReportingQueries.ReportSummary approved = report(june);
        assertThat(approved.unitApprovedBy()).isEqualTo(head.name());
        assertThat(approved.approvedBy()).isEqualTo(office.name());
        assertThat(jdbc.sql("select count(*) from audit_event where object_type = 'report' and object_id = :id")
                .param("id", String.valueOf(draft.id())).query(Long.class).single()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void theMenuCountIsWhatTheInboxListsWithoutLoadingIt() {
        withUnitHead();
        save(reporter, june, schools, "2");
        reporting.submit(reporter, report(june).id(), report(june).version());
        assertThat(queries.countInbox(head)).isEqualTo(queries.inbox(head, null, null, null, 0, 20).total()).isEqualTo(1);
        assertThat(queries.countInbox(office)).as("the unit head's step comes first").isZero();
        assertThat(queries.countInbox(reporter)).as("a reporter reviews nothing").isZero();

        reporting.approve(head, report(june).id(), report(june).version());
        assertThat(queries.countInbox(head)).isZero();
        assertThat(queries.countInbox(office)).isEqualTo(queries.inbox(office, null, null, null, 0, 20).total()).isEqualTo(1);
        Actor elsewhere = Actor.user("xzb2-" + UUID.randomUUID(), "他区协作办", Set.of(Role.COORDINATOR), Set.of(), Set.of(-1L));
        assertThat(queries.countInbox(elsewhere)).as("another district's office").isZero();
    }

    void approveWithoutHead(long period) {
        ReportingQueries.ReportSummary draft = report(period);
        reporting.submit(reporter, draft.id(), draft.version());
        reporting.approve(office, draft.id(), report(period).version());
    }

    @Test
    void approvedValuesAreLockedAndACorrectionIsANewRevisionReviewedAgain() {
        save(reporter, june, schools, "2");
        save(reporter, june, students, "12");
        approveWithoutHead(june);
        assertThat(actual(schools)).isEqualByComparingTo("2");

        assertThatThrownBy(() -> save(reporter, june, schools, "1")).isInstanceOf(BusinessRuleViolation.class)
                .hasMessageContaining("当前状态不允许此操作").hasMessageContaining("申请更正");
        long approvedId = report(june).id();
        assertThatThrownBy(() -> reporting.correct(reporter, approvedId, "")).hasMessage("请填写更正原因");
        long correction = reporting.correct(reporter, approvedId, "漏报一所学校");

        ReportingQueries.Sheet sheet = queries.sheet(reporter, june, education);
        assertThat(sheet.report().id()).isEqualTo(correction);
        assertThat(sheet.report().revision()).isEqualTo(2);
        assertThat(sheet.report().correctionReason()).isEqualTo("漏报一所学校");
        assertThat(sheet.indicators()).filteredOn(e -> e.indicator().id() == schools.id()).singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualByComparingTo("2"));
        assertThat(sheet.revisions()).extracting(ReportingQueries.ReportSummary::revision).containsExactly(1, 2);
        assertThat(sheet.counting().revision()).isEqualTo(1);

        save(reporter, june, schools, "3", "漏报一所学校");
        assertThat(actual(schools)).as("the approved revision keeps counting").isEqualByComparingTo("2");
        reporting.submit(reporter, correction, report(june).version());
        assertThat(actual(schools)).isEqualByComparingTo("2");
        reporting.approve(office, correction, report(june).version());
        assertThat(actual(schools)).isEqualByComparingTo("3");
        assertThat(queries.sheet(reporter, june, education).counting().revision()).isEqualTo(2);
        assertThatThrownBy(() -> reporting.correct(reporter, approvedId, "再改")).hasMessageContaining("已有第2版");
    }

    BigDecimal actual(PlanBook.IndicatorRow indicator) {
        return queries.actuals(office, district.planId()).get(indicator.id()).value();
    }

    @Test
    void thePlanActualAddsUpTheUnitsOrTakesTheLeadsTotal() {
        Actor rs = Actor.user("rs2", "人社局填报员", Set.of(Role.REPORTER), Set.of(people), Set.of(district.districtId()));
        save(reporter, june, students, "12");
        approveWithoutHead(june);
        reporting.saveIndicatorLine(rs, july, people, students.id(), 0, "8", null, null);
        ReportingQueries.ReportSummary theirs = queries.sheet(office, july, people).report();
        reporting.submit(rs, theirs.id(), theirs.version());
        reporting.approve(office, theirs.id(), queries.sheet(office, july, people).report().version());

        ReportingQueries.Actual actual = queries.actuals(office, district.planId()).get(students.id());
        assertThat(actual.value()).isEqualByComparingTo("20");
        assertThat(actual.contributions()).extracting(ReportingQueries.Contribution::unitName).containsExactlyInAnyOrder("区教育局", "区人力社保局");

        reporting.configureIndicator(office, district.planId(), students.id(), Aggregation.LEAD_REPORTS_TOTAL, false);
        assertThat(actual(students)).as("only the lead unit's total counts").isEqualByComparingTo("12");
        assertThatThrownBy(() -> reporting.saveIndicatorLine(rs, july, people, students.id(), 0, "9", null, null))
                .hasMessage("「13.组织四川省农村学生到本市就读职业院校数」由牵头单位填报总数，配合单位只填写说明");
        assertThat(queries.sheet(rs, july, people).indicators()).filteredOn(e -> e.indicator().id() == students.id())
                .singleElement().satisfies(e -> assertThat(e.valueInput()).isFalse());
    }

    @Test
    void aLedgerBoundIndicatorIsShownButNeverTyped() {
        reporting.configureIndicator(office, district.planId(), schools.id(), Aggregation.SUM_OF_UNITS, true);
        assertThatThrownBy(() -> save(reporter, june, schools, "3")).hasMessageContaining("由台账统计得出");
        assertThat(save(reporter, june, schools, "").findings()).isEmpty();
    }

    @Test
    void aSecondSaveFromAStaleFormIsRefusedAndShowsTheOtherValue() {
        Reporting.LineSaved first = reporting.saveIndicatorLine(reporter, june, education, schools.id(), 0, "2", null, null);
        Actor colleague = Actor.user("jy2", "教育局填报员乙", Set.of(Role.REPORTER), Set.of(education), Set.of(district.districtId()));

        assertThatThrownBy(() -> reporting.saveIndicatorLine(colleague, june, education, schools.id(), 0, "5", null, null))
                .isInstanceOf(BusinessRuleViolation.class)
                .hasMessageContaining("该记录已被他人修改：" + reporter.name())
                .hasMessageContaining("保存为 2")
                .hasMessageContaining("您的输入（5）未保存");
        assertThat(queries.sheet(reporter, june, education).indicators().get(0).value()).isEqualByComparingTo("2");
        reporting.saveIndicatorLine(colleague, june, education, schools.id(), first.lineVersion(), "5", null, null);
        assertThat(queries.sheet(reporter, june, education).indicators().get(0).value()).isEqualByComparingTo("5");
    }

    @Test
    void nobodyApprovesTheirOwnSubmissionAndOnlyTheSubmitterWithdraws() {
        withUnitHead();
        int version = queries.sheet(head, june, education).indicators().get(0).lineVersion();
        reporting.saveIndicatorLine(head, june, education, schools.id(), version, "2", null, null);
        ReportingQueries.ReportSummary draft = report(june);
        reporting.submit(head, draft.id(), draft.version());

        assertThatThrownBy(() -> reporting.approve(head, draft.id(), report(june).version()))
                .isInstanceOf(AccessDenied.class).hasMessage("不能审核本人提交的数据");
        assertThat(report(june).status()).isEqualTo(ReportStatus.SUBMITTED);
        assertThatThrownBy(() -> reporting.withdraw(reporter, draft.id(), report(june).version()))
                .isInstanceOf(AccessDenied.class).hasMessage("只有提交人可以撤回");
        reporting.withdraw(head, draft.id(), report(june).version());
        assertThat(report(june).status()).isEqualTo(ReportStatus.DRAFT);
        // the head was the submitter: with no other head, the office reviews directly
        reporting.submit(head, draft.id(), report(june).version());
        assertThat(reporting.approve(office, draft.id(), report(june).version())).isEqualTo(ReportStatus.APPROVED);
    }

    @Test
    void actionsTheStateDoesNotAllowAreRefusedAndChangeNothing() {
        save(reporter, june, schools, "2");
        ReportingQueries.ReportSummary draft = report(june);
        assertThatThrownBy(() -> reporting.approve(office, draft.id(), draft.version()))
                .hasMessage("当前状态不允许此操作：报告为「草稿」，不能审核通过");
        assertThatThrownBy(() -> reporting.returnReport(office, draft.id(), draft.version(), "x"))
                .hasMessage("当前状态不允许此操作：报告为「草稿」，不能退回");
        assertThatThrownBy(() -> reporting.withdraw(reporter, draft.id(), draft.version()))
                .hasMessage("当前状态不允许此操作：报告为「草稿」，不能撤回");
        assertThat(report(june).status()).isEqualTo(ReportStatus.DRAFT);
        assertThat(report(june).version()).isEqualTo(draft.version());
    }

    @Test
    void aClosedPeriodTakesNoNewDataButACorrectionOfAnApprovedReport() {
        save(reporter, june, schools, "2");
        approveWithoutHead(june);
        long period = july;
        reporting.closePeriod(office, period);
        reporting.closePeriod(office, june);

        assertThatThrownBy(() -> save(reporter, period, schools, "3")).hasMessageContaining("已关闭，不再接受填报");
        long correction = reporting.correct(reporter, report(june).id(), "更正");
        save(reporter, june, schools, "3");
        assertThat(queries.sheet(reporter, june, education).report().id()).isEqualTo(correction);
        reporting.reopenPeriod(office, period);
        save(reporter, period, schools, "3");
    }

    @Test
    void aReporterOfAnotherUnitCanNeitherReadNorWriteAndIsAudited() {
        save(reporter, june, schools, "2");
        long id = report(june).id();

        assertThatThrownBy(() -> queries.sheet(otherReporter, june, education)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> queries.report(otherReporter, id)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> reporting.saveIndicatorLine(otherReporter, june, education, schools.id(), 1, "9", null, null))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> reporting.submit(otherReporter, id, report(june).version())).isInstanceOf(NotFound.class);
        assertThat(jdbc.sql("select count(*) from audit_event where actor = :a and event_type = 'AUTHZ_DENIED'")
                .param("a", otherReporter.name()).query(Long.class).single()).isEqualTo(4);
        assertThat(queries.sheet(reporter, june, education).indicators().get(0).value()).isEqualByComparingTo("2");
        // the office reads but does not type
        assertThat(queries.sheet(office, june, education).editable()).isFalse();
        assertThatThrownBy(() -> reporting.saveIndicatorLine(office, june, education, schools.id(), 1, "9", null, null))
                .isInstanceOf(AccessDenied.class);
    }

    @Test
    void bulkApprovalApprovesEachOnItsOwn() {
        Actor rs = Actor.user("rs3", "人社局填报员", Set.of(Role.REPORTER), Set.of(people), Set.of(district.districtId()));
        save(reporter, june, schools, "2");
        reporting.saveIndicatorLine(rs, june, people, students.id(), 0, "5", null, null);
        ReportingQueries.ReportSummary a = report(june);
        ReportingQueries.ReportSummary b = queries.sheet(office, june, people).report();
        reporting.submit(reporter, a.id(), a.version());
        reporting.submit(rs, b.id(), b.version());

        List<Reporting.BulkOutcome> outcomes = reporting.approveAll(office, Map.of(a.id(), report(june).version(), b.id(), 0));

        assertThat(outcomes).filteredOn(Reporting.BulkOutcome::approved).extracting(Reporting.BulkOutcome::reportId)
                .containsExactly(a.id());
        assertThat(outcomes).filteredOn(o -> !o.approved()).singleElement()
                .satisfies(o -> assertThat(o.message()).contains("已被他人修改"));
        assertThat(report(june).status()).isEqualTo(ReportStatus.APPROVED);
        assertThat(queries.sheet(office, june, people).report().status()).isEqualTo(ReportStatus.SUBMITTED);
    }

    @Test
    void taskUpdatesAndADoneTaskWithoutEvidenceNeedsAReason() {
        PlanBook.TaskRow task = district.taskOf("区教育局", "区卫健局");
        List<Finding> findings = reporting.saveTaskLine(reporter, june, education, task.id(), 0, TaskProgress.DONE,
                "已完成四所学校结对", null).findings();
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(RuleKind.DONE_WITHOUT_EVIDENCE);
            assertThat(f.message()).startsWith("任务「区教育局第1条：").endsWith("」标为已完成但没有佐证材料，请上传佐证材料或说明原因");
        });
        ReportingQueries.TaskEntry entry = queries.sheet(reporter, june, education).tasks().get(0);
        assertThat(entry.progress()).isEqualTo(TaskProgress.DONE);
        assertThat(entry.narrative()).isEqualTo("已完成四所学校结对");
        assertThat(reporting.saveTaskLine(reporter, june, education, task.id(), entry.lineVersion(), TaskProgress.DONE,
                "已完成四所学校结对", "材料在教育局存档").findings()).allSatisfy(f -> assertThat(f.blocks()).isFalse());
    }

    @Test
    void aReportedTaskOrIndicatorCannotBeDeletedFromThePlan() {
        PlanBook.TaskRow task = district.taskOf("区教育局", "区卫健局");
        reporting.saveTaskLine(reporter, june, education, task.id(), 0, TaskProgress.IN_PROGRESS, "推进中", null);
        save(reporter, june, schools, "2");

        assertThatThrownBy(() -> editing.removeTask(office, task.id())).hasMessageContaining("该任务已有单位填报进展，不能删除");
        assertThatThrownBy(() -> editing.removeIndicator(office, schools.id())).hasMessageContaining("该指标已有单位填报数值，不能删除");
        assertThat(planQueries.task(office, task.id()).text()).isEqualTo(task.text());
    }

    @Test
    void mergingUnitsMovesTheReportsUnlessBothReportedTheSamePeriod() {
        Actor rs = Actor.user("rs4", "人社局填报员", Set.of(Role.REPORTER), Set.of(people), Set.of(district.districtId()));
        long other = district.unit("区民政局");
        Actor mz = Actor.user("mz", "民政局填报员", Set.of(Role.REPORTER), Set.of(other), Set.of(district.districtId()));
        PlanBook.IndicatorRow own = district.book().indicators().stream().filter(i -> i.units().stream().anyMatch(u -> u.id() == other))
                .findFirst().orElseThrow();
        reporting.saveIndicatorLine(mz, july, other, own.id(), 0, "1", null, null);
        reporting.saveIndicatorLine(rs, june, people, students.id(), 0, "1", null, null);
        save(reporter, june, schools, "1");

        assertThatThrownBy(() -> organisation.merge(office, people, education)).hasMessageContaining("同一期都有进度报告");
        organisation.merge(office, other, education);
        assertThat(jdbc.sql("select count(*) from reporting_report where unit_id = :u").param("u", education).query(Long.class).single())
                .isEqualTo(2);
    }

    @Autowired org.xiezuo.plan.PlanEditing editing;
    @Autowired org.xiezuo.unit.Organisation organisation;

    static List<String> messages(Reporting.LineSaved saved) {
        return saved.findings().stream().map(Finding::message).toList();
    }
}
