package org.xiezuo.reporting.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.xiezuo.reporting.web.PageFixture.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ApiTokens;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * The reporting API with personal access tokens: a whole cycle from the first value to the approved,
 * counted figure and a correction; lines as JSON or form parameters; refusals as problem details with
 * the right status (400 input, 409 conflict or state, 404 out of scope) and the blocking findings.
 */
@XiezuoTest
@AutoConfigureMockMvc
class ReportingApiIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired org.xiezuo.ledger.Bindings bindings;
    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired ApiTokens tokens;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired ReportingQueries queries;

    PageFixture f;
    String reporter;
    String coordinator;

    @BeforeEach
    void peopleWithTokens() throws Exception {
        f = new PageFixture(mvc, accounts, tokens, imports, planQueries, queries, bindings);
        reporter = f.token(f.person("jy", Role.REPORTER, f.education), Role.REPORTER, f.education);
        coordinator = f.token(f.person("xzb", Role.COORDINATOR, f.office), Role.COORDINATOR, f.office);
    }

    private String api(long period, long unit) {
        return "/api/v1" + f.sheetUrl(period, unit);
    }

    private static JsonNode json(MockHttpServletResponse response) throws Exception {
        return JSON.readTree(body(response));
    }

    /** A problem detail: the status, the content type and the fields RFC 9457 names. */
    private static JsonNode problem(MockHttpServletResponse response, int status) throws Exception {
        assertThat(response.getStatus()).as(body(response)).isEqualTo(status);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        return problem;
    }

    @Test
    void aWholeCycleThroughTheApiFromTheFirstValueToTheCountedFigureAndACorrection() throws Exception {
        JsonNode periods = json(f.api(reporter, get("/api/v1/plans/" + f.district.planId() + "/periods")));
        assertThat(periods).hasSize(12);
        assertThat(periods.get(5).get("label").asText()).isEqualTo("2021年6月");
        assertThat(periods.get(5).get("backfill").asBoolean()).isTrue();

        JsonNode sheet = json(f.api(reporter, get(api(f.june, f.education))));
        assertThat(sheet.get("unit").get("name").asText()).isEqualTo("区教育局");
        assertThat(sheet.get("editable").asBoolean()).isTrue();
        assertThat(sheet.get("indicators")).extracting(i -> i.get("indicator").get("code").asText()).containsExactly("3", "13");
        assertThat(sheet.get("indicators").get(0).get("lineVersion").asInt()).isZero();

        // JSON with the value as text or as a number; form parameters; a task by its label
        JsonNode saved = json(f.json(reporter, post(api(f.june, f.education) + "/indicators/" + f.schools.id()),
                "{\"value\":\"2\",\"note\":\"结对4所中的2所\",\"version\":0}"));
        assertThat(saved.get("lineVersion").asInt()).isEqualTo(1);
        assertThat(saved.get("findings")).isEmpty();
        MockHttpServletResponse numeric = f.json(reporter, post(api(f.june, f.education) + "/indicators/" + f.students.id()),
                "{\"value\":70,\"version\":0}");
        assertThat(numeric.getStatus()).as(body(numeric)).isEqualTo(200);
        assertThat(json(numeric).get("findings")).extracting(x -> x.get("rule").asText())
                .containsExactly("ABOVE_TARGET_MULTIPLE", "JUMP_SHARE_OF_TARGET");
        PlanBook.TaskRow task = f.educationTasks.get(0);
        MockHttpServletResponse form = f.api(reporter, PageFixture.form(post(api(f.june, f.education) + "/tasks/" + task.id()),
                "progress", "推进中", "narrative", "已选派支教教师", "version", "0"));
        assertThat(form.getStatus()).as(body(form)).isEqualTo(200);
        long reportId = json(form).get("reportId").asLong();
        int draftVersion = json(f.api(reporter, get("/api/v1/reports/" + reportId))).get("report").get("version").asInt();

        // the warnings block the submission until a reason is given
        JsonNode refused = problem(f.json(reporter, post("/api/v1/reports/" + reportId + "/submit"),
                "{\"version\":" + draftVersion + "}"), 409);
        assertThat(refused.get("code").asText()).isEqualTo("report.findings");
        assertThat(refused.get("findings")).hasSize(2);
        assertThat(refused.get("findings").get(0).get("message").asText()).contains("13.组织四川省农村学生到本市就读职业院校数", "70", "30");
        f.api(reporter, PageFixture.form(post(api(f.june, f.education) + "/indicators/" + f.students.id()), "value", "70",
                "reason", "含往年结转的在读学生", "version", "1"));
        JsonNode submitted = json(f.json(reporter, post("/api/v1/reports/" + reportId + "/submit"),
                "{\"version\":" + draftVersion + "}"));
        assertThat(submitted.get("status").asText()).isEqualTo("SUBMITTED");

        // the coordinator's inbox; the return reason is mandatory
        JsonNode inbox = json(f.api(coordinator, get("/api/v1/reviews").param("plan", String.valueOf(f.district.planId()))));
        assertThat(inbox.get("items")).extracting(r -> r.get("report").get("id").asLong()).containsExactly(reportId);
        int version = submitted.get("version").asInt();
        JsonNode noReason = problem(f.json(coordinator, post("/api/v1/reports/" + reportId + "/return"),
                "{\"version\":" + version + ",\"reason\":\"\"}"), 400);
        assertThat(noReason.get("code").asText()).isEqualTo("report.reason");
        assertThat(noReason.get("detail").asText()).isEqualTo("请填写退回原因");
        JsonNode returned = json(f.json(coordinator, post("/api/v1/reports/" + reportId + "/return"),
                "{\"version\":" + version + ",\"reason\":\"请附学生名单\"}"));
        assertThat(returned.get("status").asText()).isEqualTo("RETURNED");
        assertThat(returned.get("report").get("returnReason").asText()).isEqualTo("请附学生名单");

        version = returned.get("report").get("version").asInt();
        version = json(f.json(reporter, post("/api/v1/reports/" + reportId + "/submit"), "{\"version\":" + version + "}"))
                .get("version").asInt();
        JsonNode approved = json(f.api(coordinator, PageFixture.form(post("/api/v1/reports/" + reportId + "/approve"),
                "version", String.valueOf(version))));
        assertThat(approved.get("status").asText()).isEqualTo("APPROVED");

        // counted: the plan-level actual of indicator 3 from the approved figure
        JsonNode actuals = json(f.api(reporter, get("/api/v1/plans/" + f.district.planId() + "/actuals")));
        JsonNode schools = null;
        for (JsonNode a : actuals) if (a.get("indicatorId").asLong() == f.schools.id()) schools = a;
        assertThat(schools).isNotNull();
        assertThat(schools.get("value").decimalValue()).isEqualByComparingTo("2");
        assertThat(schools.get("contributions").get(0).get("unitName").asText()).isEqualTo("区教育局");

        // locked; a correction is a new revision
        JsonNode locked = problem(f.json(reporter, post(api(f.june, f.education) + "/indicators/" + f.schools.id()),
                "{\"value\":\"3\",\"version\":1}"), 409);
        assertThat(locked.get("code").asText()).isEqualTo("report.state");
        problem(f.json(reporter, post("/api/v1/reports/" + reportId + "/correct"), "{\"reason\":\" \"}"), 400);
        MockHttpServletResponse corrected = f.json(reporter, post("/api/v1/reports/" + reportId + "/correct"), "{\"reason\":\"漏报一所学校\"}");
        assertThat(corrected.getStatus()).isEqualTo(201);
        JsonNode correction = json(corrected);
        assertThat(corrected.getHeader("Location")).isEqualTo("/api/v1/reports/" + correction.get("id").asLong());
        assertThat(correction.get("revision").asInt()).isEqualTo(2);
        assertThat(correction.get("status").asText()).isEqualTo("DRAFT");
        JsonNode history = json(f.api(reporter, get("/api/v1/reports/" + reportId)));
        assertThat(history.get("revisions")).extracting(r -> r.get("revision").asInt()).containsExactly(1, 2);
        assertThat(history.get("counting").get("revision").asInt()).isEqualTo(1);

        // submitted and withdrawn by the submitter
        long next = correction.get("id").asLong();
        int v = json(f.json(reporter, post("/api/v1/reports/" + next + "/submit"),
                "{\"version\":" + correction.get("version").asInt() + "}")).get("version").asInt();
        JsonNode withdrawn = json(f.json(reporter, post("/api/v1/reports/" + next + "/withdraw"), "{\"version\":" + v + "}"));
        assertThat(withdrawn.get("status").asText()).isEqualTo("DRAFT");
    }

    @Test
    void refusalsAreProblemDetailsWithTheStatusTheyDeserve() throws Exception {
        String line = api(f.june, f.education) + "/indicators/" + f.schools.id();
        f.json(reporter, post(line), "{\"value\":\"2\",\"version\":0}");

        JsonNode stale = problem(f.json(reporter, post(line), "{\"value\":\"5\",\"version\":0}"), 409);
        assertThat(stale.get("code").asText()).isEqualTo("concurrent-change");
        assertThat(stale.get("detail").asText()).contains("该记录已被他人修改", "保存为 2", "您的输入（5）未保存");
        assertThat(stale.get("instance").asText()).isEqualTo(line);

        assertThat(problem(f.json(reporter, post(line), "{\"value\":\"N/A\",\"version\":1}"), 400).get("detail").asText())
                .isEqualTo("「3.参与结对的东部学校数」应填写数字，填写的是「N/A」");
        assertThat(problem(f.json(reporter, post(line), "{\"value\":\"3\"}"), 400).get("detail").asText()).contains("version");
        assertThat(problem(f.json(reporter, post(line), "{\"value\":"), 400).get("code").asText()).isEqualTo("bad-request");
        assertThat(problem(f.json(reporter, post(api(f.june, f.education) + "/tasks/" + f.educationTasks.get(0).id()),
                "{\"progress\":\"差不多\",\"version\":0}"), 400).get("detail").asText()).contains("progress");
        problem(f.api(reporter, get("/api/v1/reports/999999")), 404);
        problem(f.json(coordinator, post(line), "{\"value\":\"9\",\"version\":1}"), 403);
        assertThat(f.entry(f.june, f.education, f.schools).valueText()).isEqualTo("2");
    }

    @Test
    void aReporterOfAnotherUnitIsRefusedAsIfTheReportDidNotExist() throws Exception {
        Sessions.Signed healthPerson = f.person("wj", Role.REPORTER, f.health);
        String other = f.token(healthPerson, Role.REPORTER, f.health);
        long reportId = json(f.json(reporter, post(api(f.june, f.education) + "/indicators/" + f.schools.id()),
                "{\"value\":\"2\",\"version\":0}")).get("reportId").asLong();

        problem(f.api(other, get(api(f.june, f.education))), 404);
        problem(f.api(other, get("/api/v1/reports/" + reportId)), 404);
        problem(f.json(other, post(api(f.june, f.education) + "/indicators/" + f.schools.id()), "{\"value\":\"9\",\"version\":1}"), 404);
        problem(f.json(other, post("/api/v1/reports/" + reportId + "/submit"), "{\"version\":" + f.report(f.june, f.education).version()
                + "}"), 404);
        assertThat(f.api(other, get("/api/v1/reviews")).getStatus()).isEqualTo(403);

        ReportingQueries.ReportSummary untouched = f.report(f.june, f.education);
        assertThat(untouched.status().name()).isEqualTo("DRAFT");
        assertThat(f.entry(f.june, f.education, f.schools).valueText()).isEqualTo("2");
        assertThat(f.api(other, get(api(f.june, f.health))).getStatus()).isEqualTo(200);
    }

    @Test
    void theApiIsDocumentedInOpenApi() throws Exception {
        Sessions.Signed reader = f.person("doc", Role.LEADER, f.office);
        String docs = body(mvc.perform(get("/v3/api-docs").cookie(reader.cookie())).andReturn().getResponse());
        assertThat(docs).contains("进度填报", "/api/v1/periods/{periodId}/units/{unitId}/indicators/{indicatorId}",
                "/api/v1/reports/{id}/approve", "/api/v1/reviews", "保存指标数值");
    }
}
