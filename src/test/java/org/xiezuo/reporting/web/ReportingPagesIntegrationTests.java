package org.xiezuo.reporting.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xiezuo.reporting.web.PageFixture.body;


import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.ReportStatus;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.reporting.TaskProgress;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ApiTokens;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * The reporting pages over HTTP with real sign-ins: a unit's whole period from the first value to the
 * locked approved report, with htmx saves and plain form posts; the lost-update case T64; scope by page;
 * the inbox with filters and bulk approval; the set-up pages.
 */
@XiezuoTest
@AutoConfigureMockMvc
class ReportingPagesIntegrationTests {

    @Autowired org.xiezuo.ledger.Bindings bindings;
    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired ApiTokens tokens;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired ReportingQueries queries;
    @Autowired JdbcClient jdbc;

    PageFixture f;

    @BeforeEach
    void aDistrictOfItsOwn() {
        f = new PageFixture(mvc, accounts, tokens, imports, planQueries, queries, bindings);
    }

    @Test
    void aUnitReportsItsPeriodIsReviewedTwiceReturnedFixedApprovedAndThenLocked() throws Exception {
        Sessions.Signed reporter = f.person("jy", Role.REPORTER, f.education);
        Sessions.Signed head = f.person("jyfz", Role.UNIT_HEAD, f.education);
        Sessions.Signed coordinator = f.person("xzb", Role.COORDINATOR, f.office);
        String sheet = f.sheetUrl(f.june, f.education);
        PlanBook.TaskRow first = f.educationTasks.get(0);
        PlanBook.TaskRow second = f.educationTasks.get(1);

        String page = body(f.open(reporter, sheet));
        assertThat(page).contains("data-indicator-line=\"3\"", "data-indicator-line=\"13\"", "data-editable=\"true\"",
                "data-task-line=\"" + first.id() + "\"", "data-task-line=\"" + second.id() + "\"", "data-report-status=\"NONE\"",
                "hx-post=\"" + f.lineUrl(f.june, f.education, f.schools) + "\"", "/js/reporting.js");
        assertThat(page).doesNotContain("data-indicator-line=\"4\"");

        // htmx: the answer is the line alone, with the new version and the submit panel out of band
        MockHttpServletResponse saved = f.hx(reporter, sheet, f.lineUrl(f.june, f.education, f.schools), "value", "2", "version", "0");
        assertThat(saved.getStatus()).isEqualTo(200);
        assertThat(body(saved)).doesNotContain("<html", "<nav").contains("data-line-form=\"indicator\"",
                "name=\"version\" value=\"1\"", "data-line-saved", "id=\"submit-panel\"", "hx-swap-oob=\"true\"", "data-submit>",
                "id=\"sheet-status\" data-sheet-status hx-swap-oob=\"true\"");
        // a plain post (no JavaScript) comes back to the page
        MockHttpServletResponse plain = f.send(reporter, f.lineUrl(f.june, f.education, f.students), "value", "12", "note", "首批12人",
                "version", "0");
        assertThat(plain.getStatus()).isEqualTo(302);
        assertThat(plain.getRedirectedUrl()).isEqualTo(sheet + "#indicator-" + f.students.id());
        assertThat(f.hx(reporter, sheet, f.taskUrl(f.june, f.education, first), "progress", "IN_PROGRESS",
                "narrative", "已选派支教教师5名", "version", "0").getStatus()).isEqualTo(200);
        MockHttpServletResponse doneWithoutEvidence = f.hx(reporter, sheet, f.taskUrl(f.june, f.education, second),
                "progress", "DONE", "narrative", "已接收32名学生", "version", "0");
        assertThat(body(doneWithoutEvidence)).contains("data-finding=\"DONE_WITHOUT_EVIDENCE\"", "finding-warning");
        assertThat(f.send(reporter, f.taskUrl(f.june, f.education, second), "progress", "已完成", "narrative", "已接收32名学生",
                "reason", "名单在教育局存档", "version", "1").getStatus()).isEqualTo(302);

        ReportingQueries.Sheet draft = f.sheet(f.june, f.education);
        assertThat(draft.indicators()).extracting(ReportingQueries.IndicatorEntry::valueText).containsExactly("2", "12");
        assertThat(draft.indicators().get(1).note()).isEqualTo("首批12人");
        assertThat(draft.tasks()).extracting(ReportingQueries.TaskEntry::progress).containsExactly(TaskProgress.IN_PROGRESS, TaskProgress.DONE);
        assertThat(draft.blocked()).isFalse();
        long id = draft.report().id();

        assertThat(f.send(reporter, "/reports/" + id + "/submit", "version", String.valueOf(draft.report().version())).getRedirectedUrl())
                .isEqualTo(sheet);
        assertThat(f.report(f.june, f.education).status()).isEqualTo(ReportStatus.SUBMITTED);
        assertThat(body(f.open(reporter, sheet))).contains("data-read-only", "data-withdraw").doesNotContain("hx-post=");

        // the unit head first
        assertThat(body(f.open(head, "/reviews"))).contains("data-inbox-row=\"" + id + "\"");
        assertThat(body(f.open(head, "/reports/" + id))).contains("data-approve", "data-return");
        assertThat(f.send(head, "/reports/" + id + "/approve", "version", version(id)).getRedirectedUrl()).isEqualTo("/reports/" + id);
        assertThat(f.report(f.june, f.education).status()).isEqualTo(ReportStatus.UNIT_APPROVED);
        assertThat(body(f.open(head, "/reports/" + id))).doesNotContain("data-approve");

        // the coordinator returns it; the reason is mandatory
        assertThat(body(f.open(coordinator, "/reviews"))).contains("data-inbox-row=\"" + id + "\"");
        String before = version(id);
        MockHttpServletResponse noReason = f.send(coordinator, "/reports/" + id + "/return", "version", before, "reason", "  ");
        assertThat(noReason.getStatus()).isEqualTo(400);
        assertThat(body(noReason)).contains("请填写退回原因", "data-return");
        assertThat(f.report(f.june, f.education).status()).isEqualTo(ReportStatus.UNIT_APPROVED);
        assertThat(version(id)).isEqualTo(before);
        assertThat(f.send(coordinator, "/reports/" + id + "/return", "version", before, "reason", "请补充结对学校名单").getStatus())
                .isEqualTo(302);
        assertThat(body(f.open(reporter, sheet))).contains("data-return-reason", "请补充结对学校名单", "data-editable=\"true\"");

        // fixed and submitted again, approved at both steps
        MockHttpServletResponse fixed = f.hx(reporter, sheet, f.lineUrl(f.june, f.education, f.schools), "value", "3", "version", "1");
        assertThat(body(fixed)).contains("data-finding=\"JUMP_SHARE_OF_TARGET\"", "finding-warning", "data-blocking-count=\"1\"")
                .doesNotContain("data-reason-field class=\"col-md-4 d-none\"");
        MockHttpServletResponse blocked = f.send(reporter, "/reports/" + id + "/submit", "version", version(id));
        assertThat(blocked.getStatus()).isEqualTo(409);
        assertThat(body(blocked)).containsPattern("data-submit-refusal[\\s\\S]*data-finding=\"JUMP_SHARE_OF_TARGET\"[\\s\\S]*"
                + "href=\"#indicator-" + f.schools.id() + "\">「3.参与结对的东部学校数」本期增加 3");
        assertThat(f.report(f.june, f.education).status()).isEqualTo(ReportStatus.RETURNED);
        assertThat(f.hx(reporter, sheet, f.lineUrl(f.june, f.education, f.schools), "value", "3", "reason", "补报一所结对学校",
                "version", "2").getStatus()).isEqualTo(200);
        MockHttpServletResponse again = f.send(reporter, "/reports/" + id + "/submit", "version", version(id));
        assertThat(again.getStatus()).as(alert(again)).isEqualTo(302);
        assertThat(f.send(head, "/reports/" + id + "/approve", "version", version(id)).getStatus()).isEqualTo(302);
        MockHttpServletResponse last = f.send(coordinator, "/reports/" + id + "/approve", "version", version(id));
        assertThat(last.getStatus()).as(alert(last)).isEqualTo(302);
        ReportingQueries.ReportSummary approved = f.report(f.june, f.education);
        assertThat(approved.status()).isEqualTo(ReportStatus.APPROVED);
        assertThat(approved.unitApprovedBy()).isEqualTo(head.username());
        assertThat(approved.approvedBy()).isEqualTo(coordinator.username());

        // locked: a save is refused with the state, the typed value shown again
        MockHttpServletResponse locked = f.hx(reporter, sheet, f.lineUrl(f.june, f.education, f.schools), "value", "4", "version", "3");
        assertThat(locked.getStatus()).isEqualTo(409);
        assertThat(body(locked)).contains("当前状态不允许此操作", "申请更正", "value=\"4\"");
        MockHttpServletResponse lockedPlain = f.send(reporter, f.lineUrl(f.june, f.education, f.schools), "value", "4", "version", "3");
        assertThat(lockedPlain.getStatus()).isEqualTo(409);
        assertThat(body(lockedPlain)).contains("<html", "当前状态不允许此操作", "value=\"4\"", "data-correct");
        assertThat(f.entry(f.june, f.education, f.schools).valueText()).isEqualTo("3");

        // a correction is a new revision with a reason; the approved one keeps counting meanwhile
        MockHttpServletResponse noCorrectionReason = f.send(reporter, "/reports/" + id + "/correct", "reason", "");
        assertThat(noCorrectionReason.getStatus()).isEqualTo(400);
        assertThat(alert(noCorrectionReason)).contains("请填写更正原因");
        assertThat(f.send(reporter, "/reports/" + id + "/correct", "reason", "漏报一所学校").getRedirectedUrl()).isEqualTo(sheet);
        String correction = body(f.open(reporter, sheet));
        assertThat(correction).contains("data-correction-reason", "漏报一所学校", "第2版", "data-editable=\"true\"",
                "更正审核通过前，完成值仍按已审核的第1版计算");

        // the plan-level actual on the overview comes from the approved figure: 3 of 4 schools
        String overview = body(f.open(coordinator, "/plans/" + f.district.planId() + "/reporting"));
        assertThat(overview).containsPattern("data-actual-row=\"3\">[\\s\\S]*?data-actual>3<[\\s\\S]*?data-rate>75.00%<")
                .contains("data-cell=\"" + f.june + "-" + f.education + "\" data-report-status=\"DRAFT\"", "草稿 · 第2版",
                        "data-settings-link");
        String history = body(f.open(reporter, "/reports/" + id));
        assertThat(history).contains("data-revision=\"1\"", "data-counting").containsPattern(
                "data-revision=\"1\"[\\s\\S]*?" + reporter.username() + "[\\s\\S]*?" + head.username() + "[\\s\\S]*?"
                        + coordinator.username() + "[\\s\\S]*?" + coordinator.username());
    }

    @Test
    void T64_theSecondOfTwoSavesFromTheSameVersionIsRefusedWithTheOtherValueAndKeepsItsInput() throws Exception {
        Sessions.Signed a = f.person("jya", Role.REPORTER, f.education);
        Sessions.Signed b = f.person("jyb", Role.REPORTER, f.education);
        String sheet = f.sheetUrl(f.june, f.education);
        String line = f.lineUrl(f.june, f.education, f.schools);
        f.hx(a, sheet, line, "value", "1", "version", "0");
        // both open the line at the same version
        String seenByA = lineVersionOn(body(f.open(a, sheet)));
        String seenByB = lineVersionOn(body(f.open(b, sheet)));
        assertThat(seenByA).isEqualTo(seenByB).isEqualTo("1");

        assertThat(f.hx(a, sheet, line, "value", "2", "version", seenByA).getStatus()).isEqualTo(200);
        MockHttpServletResponse refused = f.hx(b, sheet, line, "value", "5", "note", "乙的说明", "version", seenByB);

        assertThat(refused.getStatus()).isEqualTo(409);
        assertThat(body(refused)).contains("该记录已被他人修改：" + a.username(), "保存为 2", "您的输入（5）未保存", "data-line-error",
                "value=\"5\"", "乙的说明").doesNotContain("<html");
        ReportingQueries.IndicatorEntry stored = f.entry(f.june, f.education, f.schools);
        assertThat(stored.valueText()).as("A's value kept").isEqualTo("2");
        assertThat(stored.lineVersion()).as("advanced once, by A").isEqualTo(2);
        assertThat(body(refused)).as("the line now carries the version B saw refused, to save again deliberately")
                .contains("name=\"version\" value=\"2\"");

        // the same without JavaScript: the whole page, 409, B's input in the field
        MockHttpServletResponse page = f.send(b, line, "value", "6", "version", seenByB);
        assertThat(page.getStatus()).isEqualTo(409);
        assertThat(body(page)).contains("<html", "该记录已被他人修改", "您的输入（6）未保存", "value=\"6\"");
        assertThat(f.entry(f.june, f.education, f.schools).lineVersion()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from audit_event where event_type = 'REPORT_VALUE_SAVED' and actor = :b")
                .param("b", b.username()).query(Long.class).single()).as("nothing saved by B").isZero();
    }

    @Test
    void aReporterOfAnotherUnitCanNeitherReadNorSaveNorSubmitTheUnitsReportByPage() throws Exception {
        Sessions.Signed reporter = f.person("jy", Role.REPORTER, f.education);
        Sessions.Signed other = f.person("wj", Role.REPORTER, f.health);
        f.send(reporter, f.lineUrl(f.june, f.education, f.schools), "value", "2", "version", "0");
        ReportingQueries.ReportSummary draft = f.report(f.june, f.education);

        assertThat(f.open(other, f.sheetUrl(f.june, f.education)).getStatus()).isEqualTo(404);
        assertThat(f.open(other, "/reports/" + draft.id()).getStatus()).isEqualTo(404);
        assertThat(f.send(other, f.lineUrl(f.june, f.education, f.schools), "value", "9", "version", "1").getStatus()).isEqualTo(404);
        assertThat(f.hx(other, f.sheetUrl(f.june, f.health), f.lineUrl(f.june, f.education, f.schools), "value", "9", "version", "1")
                .getStatus()).isEqualTo(404);
        assertThat(f.send(other, "/reports/" + draft.id() + "/submit", "version", String.valueOf(draft.version())).getStatus())
                .isEqualTo(404);
        assertThat(f.send(other, "/reports/" + draft.id() + "/withdraw", "version", String.valueOf(draft.version())).getStatus())
                .isEqualTo(404);

        assertThat(f.report(f.june, f.education).status()).isEqualTo(ReportStatus.DRAFT);
        assertThat(f.entry(f.june, f.education, f.schools).valueText()).isEqualTo("2");
        // its own sheet it reads and the overview shows only its own unit
        assertThat(f.open(other, f.sheetUrl(f.june, f.health)).getStatus()).isEqualTo(200);
        String overview = body(f.open(other, "/plans/" + f.district.planId() + "/reporting"));
        assertThat(overview).contains("data-unit-row=\"" + f.health + "\"").doesNotContain("data-unit-row=\"" + f.education + "\"")
                .doesNotContain("data-settings-link");
        assertThat(f.open(other, "/plans/" + f.district.planId() + "/reporting/settings").getStatus()).isEqualTo(403);
    }

    @Test
    void nobodyApprovesTheirOwnSubmissionThePageSaysWhy() throws Exception {
        Sessions.Signed head = f.person("jyfz", Role.UNIT_HEAD, f.education);
        f.send(head, f.lineUrl(f.june, f.education, f.schools), "value", "2", "version", "0");
        long id = f.report(f.june, f.education).id();
        f.send(head, "/reports/" + id + "/submit", "version", version(id));

        assertThat(body(f.open(head, "/reports/" + id))).doesNotContain("data-approve");
        MockHttpServletResponse own = f.send(head, "/reports/" + id + "/approve", "version", version(id));
        assertThat(own.getStatus()).isEqualTo(403);
        assertThat(alert(own)).isEqualTo("不能审核本人提交的数据");
        assertThat(f.report(f.june, f.education).status()).isEqualTo(ReportStatus.SUBMITTED);
    }

    @Test
    void theInboxFiltersByPlanPeriodAndUnitAndBulkApprovalRefusesAReportChangedSinceItWasShown() throws Exception {
        Sessions.Signed education = f.person("jy", Role.REPORTER, f.education);
        Sessions.Signed health = f.person("wj", Role.REPORTER, f.health);
        Sessions.Signed coordinator = f.person("xzb", Role.COORDINATOR, f.office);
        PlanBook.IndicatorRow hospitals = f.indicator("4");
        f.send(education, f.lineUrl(f.june, f.education, f.schools), "value", "2", "version", "0");
        f.send(health, f.lineUrl(f.june, f.health, hospitals), "value", "1", "version", "0");
        ReportingQueries.ReportSummary a = f.report(f.june, f.education);
        ReportingQueries.ReportSummary b = f.report(f.june, f.health);
        f.send(education, "/reports/" + a.id() + "/submit", "version", String.valueOf(a.version()));
        f.send(health, "/reports/" + b.id() + "/submit", "version", String.valueOf(b.version()));
        assertThat(body(f.open(coordinator, "/plans/" + f.district.planId()))).contains("data-nav-reviews", "data-review-count>2<",
                "data-reporting-link");

        String plan = String.valueOf(f.district.planId());
        String all = body(f.open(coordinator, "/reviews?plan=" + plan));
        assertThat(all).contains("data-inbox-row=\"" + a.id() + "\"", "data-inbox-row=\"" + b.id() + "\"", "共 2 份报告");
        String byUnit = body(f.open(coordinator, "/reviews?plan=" + plan + "&unit=" + f.health));
        assertThat(byUnit).contains("data-inbox-row=\"" + b.id() + "\"").doesNotContain("data-inbox-row=\"" + a.id() + "\"");
        String otherPeriod = body(f.open(coordinator, "/reviews?plan=" + plan + "&period=" + f.periods.get(6).id()));
        assertThat(otherPeriod).contains("data-inbox-empty").doesNotContain("data-inbox-row");
        assertThat(f.open(education, "/reviews").getStatus()).as("reporters have no inbox").isEqualTo(403);

        // b changed after the inbox was shown: withdrawn and submitted again
        String shownB = b.id() + ":" + queries.report(f.officeActor, b.id()).report().version();
        f.send(health, "/reports/" + b.id() + "/withdraw", "version", String.valueOf(f.report(f.june, f.health).version()));
        f.send(health, "/reports/" + b.id() + "/submit", "version", String.valueOf(f.report(f.june, f.health).version()));
        String shownA = a.id() + ":" + f.report(f.june, f.education).version();
        MockHttpServletResponse bulk = f.send(coordinator, "/reviews/approve", "reports", shownA, "reports", shownB, "plan", plan);

        assertThat(bulk.getRedirectedUrl()).isEqualTo("/reviews?plan=" + plan);
        assertThat(f.report(f.june, f.education).status()).isEqualTo(ReportStatus.APPROVED);
        assertThat(f.report(f.june, f.health).status()).isEqualTo(ReportStatus.SUBMITTED);
        String after = body(f.open(coordinator, bulk.getRedirectedUrl()));
        assertThat(after).containsPattern("data-outcome=\"approved\" data-report-id=\"" + a.id() + "\"[^>]*>区教育局 2021年6月：已审核通过<")
                .containsPattern("data-outcome=\"refused\" data-report-id=\"" + b.id() + "\"[^>]*>区卫健局 2021年6月：未审核通过——该记录已被他人修改")
                .contains("已审核通过 1 份，1 份未通过", "data-inbox-row=\"" + b.id() + "\"");

        assertThat(f.send(coordinator, "/reviews/approve", "plan", plan).getRedirectedUrl()).isEqualTo("/reviews?plan=" + plan);
        assertThat(f.send(coordinator, "/reviews/approve", "reports", "1;drop").getStatus()).isEqualTo(400);
    }

    @Test
    void theCoordinatorSetsUpTheCycleRulesSubTargetsAndPeriods() throws Exception {
        Sessions.Signed coordinator = f.person("xzb", Role.COORDINATOR, f.office);
        Sessions.Signed reporter = f.person("jy", Role.REPORTER, f.education);
        String plan = String.valueOf(f.district.planId());
        String settings = "/plans/" + plan + "/reporting/settings";
        assertThat(body(f.open(coordinator, settings))).contains("data-cycle-form").doesNotContain("data-cycle-locked");
        assertThat(body(f.open(coordinator, "/plans/" + plan + "/reporting"))).contains("data-settings-link", "data-inbox-link");

        assertThat(f.send(coordinator, "/plans/" + plan + "/reporting/cycle", "cadence", "QUARTERLY", "deadlineDays", "10")
                .getRedirectedUrl()).isEqualTo(settings);
        java.util.List<ReportingQueries.PeriodRow> quarters = queries.periods(f.officeActor, f.district.planId());
        assertThat(quarters).extracting(ReportingQueries.PeriodRow::label)
                .containsExactly("2021年第一季度", "2021年第二季度", "2021年第三季度", "2021年第四季度");
        assertThat(f.send(coordinator, "/plans/" + plan + "/reporting/cycle", "cadence", "MONTHLY", "deadlineDays", "99").getStatus())
                .isEqualTo(400);

        // rules: a parameter, a severity, switched off; a parameter that is not a number is refused
        f.send(coordinator, "/plans/" + plan + "/reporting/rules", "kind", "ABOVE_TARGET_MULTIPLE", "severity", "ERROR",
                "parameter", "3", "enabled", "true");
        MockHttpServletResponse off = f.send(coordinator, "/plans/" + plan + "/reporting/rules", "kind", "JUMP_SHARE_OF_TARGET",
                "severity", "WARNING", "parameter", "0.5");
        assertThat(off.getStatus()).as(alert(off)).isEqualTo(302);
        assertThat(queries.rules(f.officeActor, f.district.planId())).filteredOn(r -> r.kind().name().equals("ABOVE_TARGET_MULTIPLE"))
                .singleElement().satisfies(r -> {
                    assertThat(r.severity().name()).isEqualTo("ERROR");
                    assertThat(r.parameter()).isEqualByComparingTo("3");
                    assertThat(r.enabled()).isTrue();
                });
        assertThat(queries.rules(f.officeActor, f.district.planId())).filteredOn(r -> r.kind().name().equals("JUMP_SHARE_OF_TARGET"))
                .singleElement().satisfies(r -> assertThat(r.enabled()).isFalse());
        MockHttpServletResponse notANumber = f.send(coordinator, "/plans/" + plan + "/reporting/rules", "kind", "ABOVE_TARGET_MULTIPLE",
                "severity", "ERROR", "parameter", "三倍", "enabled", "true");
        assertThat(notANumber.getStatus()).isEqualTo(400);
        assertThat(alert(notANumber)).contains("规则参数应填写数字");

        // indicator 13: the education bureau's sub-target, then removed
        String indicator = "/plans/" + plan + "/reporting/indicators/" + f.students.id();
        f.send(coordinator, indicator, "aggregation", "SUM_OF_UNITS", "targets[" + f.education + "]", "10",
                "targets[" + f.district.unit("区人力社保局") + "]", "");
        assertThat(subTargets()).containsEntry(f.education, new java.math.BigDecimal("10.0000").stripTrailingZeros()).hasSize(1);
        assertThat(body(f.open(reporter, f.sheetUrl(quarters.get(1).id(), f.education)))).contains("本单位 10（全区 30）");
        f.send(coordinator, indicator, "aggregation", "LEAD_REPORTS_TOTAL", "ledgerBound", "true", "targets[" + f.education + "]", "");
        assertThat(subTargets()).isEmpty();
        assertThat(queries.indicatorSettings(f.officeActor, f.district.planId())).filteredOn(i -> i.indicator().id() == f.students.id())
                .singleElement().satisfies(i -> {
                    assertThat(i.aggregation().name()).isEqualTo("LEAD_REPORTS_TOTAL");
                    assertThat(i.ledgerBound()).isTrue();
                });
        assertThat(body(f.open(reporter, f.sheetUrl(quarters.get(1).id(), f.education)))).contains("data-ledger-note");
        assertThat(f.send(coordinator, indicator, "targets[" + f.health + "]", "5").getStatus()).as("not a responsible unit").isEqualTo(409);

        // periods: the deadline moves (not before the period's end), a period closes and reopens
        ReportingQueries.PeriodRow q1 = quarters.get(0);
        String deadline = "/periods/" + q1.id() + "/deadline?plan=" + plan;
        assertThat(f.send(coordinator, deadline, "deadline", "2021-04-20", "version", String.valueOf(q1.version())).getRedirectedUrl())
                .isEqualTo(settings + "#period-" + q1.id());
        assertThat(queries.periods(f.officeActor, f.district.planId()).get(0).deadline()).isEqualTo(java.time.LocalDate.of(2021, 4, 20));
        MockHttpServletResponse early = f.send(coordinator, deadline, "deadline", "2021-03-01", "version", String.valueOf(q1.version() + 1));
        assertThat(early.getStatus()).isEqualTo(400);
        assertThat(alert(early)).contains("截止日期不能早于本期最后一天");
        f.send(coordinator, "/periods/" + q1.id() + "/close?plan=" + plan);
        assertThat(queries.periods(f.officeActor, f.district.planId()).get(0).status().name()).isEqualTo("CLOSED");
        assertThat(f.send(coordinator, "/periods/" + q1.id() + "/close?plan=" + plan).getStatus()).isEqualTo(409);
        assertThat(f.send(reporter, f.lineUrl(q1.id(), f.education, f.schools), "value", "1", "version", "0").getStatus()).isEqualTo(409);
        f.send(coordinator, "/periods/" + q1.id() + "/reopen?plan=" + plan);
        assertThat(queries.periods(f.officeActor, f.district.planId()).get(0).status().name()).isEqualTo("OPEN");

        // once somebody reported, the cycle stays
        assertThat(f.send(reporter, f.lineUrl(q1.id(), f.education, f.schools), "value", "1", "version", "0").getStatus()).isEqualTo(302);
        MockHttpServletResponse locked = f.send(coordinator, "/plans/" + plan + "/reporting/cycle", "cadence", "MONTHLY", "deadlineDays", "5");
        assertThat(locked.getStatus()).isEqualTo(409);
        assertThat(alert(locked)).contains("已有单位填报，不能再更改填报周期");
        assertThat(body(f.open(coordinator, settings))).contains("data-cycle-locked");
        assertThat(f.open(reporter, settings).getStatus()).isEqualTo(403);
    }

    private java.util.Map<Long, java.math.BigDecimal> subTargets() {
        return queries.indicatorSettings(f.officeActor, f.district.planId()).stream().filter(i -> i.indicator().id() == f.students.id())
                .findFirst().orElseThrow().unitTargets().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, e -> e.getValue().stripTrailingZeros()));
    }

    @Test
    void theMenuLeadsToTheNewestPlansOverviewAndTheInboxCountsWhatWaits() throws Exception {
        Sessions.Signed reporter = f.person("jy", Role.REPORTER, f.education);
        Sessions.Signed leader = f.person("ld", Role.LEADER, f.office);
        String home = body(f.open(reporter, "/plans"));
        assertThat(home).contains("data-nav-reporting").doesNotContain("data-nav-reviews");
        assertThat(f.open(reporter, "/reporting").getRedirectedUrl()).isEqualTo("/plans/" + f.district.planId() + "/reporting");
        assertThat(body(f.open(leader, "/plans/" + f.district.planId() + "/reporting"))).contains("data-overview")
                .doesNotContain("data-settings-link", "data-inbox-link");
        String sheet = body(f.open(leader, f.sheetUrl(f.june, f.education)));
        assertThat(sheet).contains("data-editable=\"false\"", "data-read-only").doesNotContain("hx-post", "data-submit-form");
    }

    /** The page's error message, for assertion descriptions. */
    static String alert(MockHttpServletResponse response) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("role=\"alert\"[^>]*>([\\s\\S]*?)</div>").matcher(body(response));
        return m.find() ? m.group(1).replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").strip() : "(no alert)";
    }

    /** The version in the form of indicator 3's line as a page shows it. */
    private String lineVersionOn(String page) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=\"indicator-form-" + f.schools.id()
                + "\"[\\s\\S]*?name=\"version\" value=\"(\\d+)\"").matcher(page);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private String version(long reportId) {
        return String.valueOf(queries.report(f.officeActor, reportId).report().version());
    }
}
