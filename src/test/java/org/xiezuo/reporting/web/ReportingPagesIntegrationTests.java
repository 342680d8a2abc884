package org.xiezuo.reporting.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xiezuo.reporting.web.PageFixture.body;

import java.util.Set;

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
        f = new PageFixture(mvc, accounts, tokens, imports, planQueries, queries);
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
                "name=\"version\" value=\"1\"", "data-line-saved", "id=\"submit-panel\"", "hx-swap-oob=\"true\"", "data-submit");
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

        // the plan-level actual on the overview comes from the approved figure: 3 of 4 schools
        String overview = body(f.open(coordinator, "/plans/" + f.district.planId() + "/reporting"));
        assertThat(overview).containsPattern("data-actual-row=\"3\">[\\s\\S]*?data-actual>3<[\\s\\S]*?data-rate>75.00%<")
                .contains("data-cell=\"" + f.june + "-" + f.education + "\" data-report-status=\"APPROVED\"", "data-settings-link");
        String history = body(f.open(reporter, "/reports/" + id));
        assertThat(history).contains("data-revision=\"1\"", "data-counting").containsPattern(
                "data-revision=\"1\"[\\s\\S]*?" + reporter.username() + "[\\s\\S]*?" + head.username() + "[\\s\\S]*?"
                        + coordinator.username() + "[\\s\\S]*?" + coordinator.username());
    }

    /** The page's error message, for assertion descriptions. */
    static String alert(MockHttpServletResponse response) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("role=\"alert\"[^>]*>([\\s\\S]*?)</div>").matcher(body(response));
        return m.find() ? m.group(1).replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").strip() : "(no alert)";
    }

    private String version(long reportId) {
        return String.valueOf(queries.report(f.officeActor, reportId).report().version());
    }
}
