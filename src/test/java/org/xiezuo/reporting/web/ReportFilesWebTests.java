package org.xiezuo.reporting.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.EvidenceFiles;
import org.xiezuo.reporting.EvidenceSamples;
import org.xiezuo.reporting.FormFiles;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.reporting.Validation.LineKind;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ApiTokens;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Evidence files and the Excel form over HTTP, with real sign-ins (session and CSRF on the pages, a
 * personal access token on the API): SECURITY.md T37 (disguised files refused; accepted ones served as
 * attachments with an allow-listed type and nosniff, never inline), T39 through the service's own
 * limit (the multipart limit of the real server is in {@code EvidenceOversizeHttpTests}), scope (a
 * reporter of 区卫健局 finds nothing of 区教育局, by page and API, with the body of a missing id), and the
 * form downloaded, filled and uploaded through the page.
 */
@XiezuoTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportFilesWebTests {

    static final long MB = 1024 * 1024;

    @Autowired org.xiezuo.ledger.Bindings bindings;
    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired ApiTokens tokens;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired ReportingQueries queries;
    @Autowired EvidenceFiles evidence;
    @Autowired JdbcClient jdbc;

    ScopeFixture district;
    long education;
    long health;
    long june;
    PlanBook.IndicatorRow schools;
    PlanBook.TaskRow task;
    Sessions.Signed reporter;
    Sessions.Signed other;
    String reporterToken;
    String otherToken;
    Actor reporterActor;

    @BeforeAll
    void signedIn() throws Exception {
        district = ScopeFixture.importFor(imports, planQueries, "文件网页测试区");
        DepartmentReporting.only(bindings, district.planId()); // department reporting, not ledgers
        education = district.unit("区教育局");
        health = district.unit("区卫健局");
        june = queries.periods(Actor.system(), district.planId()).get(5).id();
        schools = district.book().indicators().stream().filter(i -> "3".equals(i.code())).findFirst().orElseThrow();
        task = district.taskOf("区教育局", "区卫健局");
        reporter = Sessions.create(mvc, accounts, "fw-jy", Set.of(Role.REPORTER), Set.of(education));
        other = Sessions.create(mvc, accounts, "fw-wj", Set.of(Role.REPORTER), Set.of(health));
        reporterActor = Actor.user("fw-jy", "fw-jy", Set.of(Role.REPORTER), Set.of(education), Set.of(district.districtId()));
        reporterToken = tokens.create(reporterActor, "测试", 30).secret();
        otherToken = tokens.create(Actor.user("fw-wj", "fw-wj", Set.of(Role.REPORTER), Set.of(health),
                Set.of(district.districtId())), "测试", 30).secret();
    }

    String evidenceUrl(long unit) {
        return "/periods/" + june + "/units/" + unit + "/evidence";
    }

    MvcResult uploadPage(Sessions.Signed who, long unit, String name, byte[] content) throws Exception {
        return mvc.perform(multipart(evidenceUrl(unit)).file(new MockMultipartFile("file", name, "application/pdf", content))
                .param("indicator", String.valueOf(schools.id())).cookie(who.cookie()).with(csrf())).andReturn();
    }

    MockHttpServletResponse uploadApi(String token, long unit, String name, byte[] content) throws Exception {
        return mvc.perform(multipart("/api/v1" + evidenceUrl(unit)).file(new MockMultipartFile("file", name, null, content))
                .param("task", String.valueOf(task.id())).header("Authorization", "Bearer " + token)).andReturn().getResponse();
    }

    MockHttpServletResponse as(Sessions.Signed who, AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        return mvc.perform(request.cookie(who.cookie())).andReturn().getResponse();
    }

    MockHttpServletResponse api(String token, AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token)).andReturn().getResponse();
    }

    long evidenceRows() {
        return jdbc.sql("select count(*) from reporting_evidence e join reporting_report r on r.id = e.report_id where r.plan_id = :p")
                .param("p", district.planId()).query(Long.class).single();
    }

    JsonNode json(MockHttpServletResponse response) throws Exception {
        return new ObjectMapper().readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }

    static void servedAsAttachment(MockHttpServletResponse download, String contentType, String fileName) {
        assertThat(download.getStatus()).isEqualTo(200);
        assertThat(download.getContentType()).isEqualTo(contentType);
        assertThat(download.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(download.getHeaders("Content-Security-Policy")).singleElement().asString().contains("sandbox");
        String disposition = download.getHeader("Content-Disposition");
        assertThat(disposition).startsWith("attachment;").doesNotContain("inline");
        Matcher encoded = Pattern.compile("filename\\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]+)").matcher(disposition);
        assertThat(encoded.find()).as(disposition).isTrue();
        assertThat(URLDecoder.decode(encoded.group(1).replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(fileName);
    }

    // ---- T37 ---------------------------------------------------------------------------------------

    @Test
    void T37_disguisedFilesAreRefusedOnThePageAndTheApiAndWriteNothing() throws Exception {
        long before = evidenceRows();
        Map<String, byte[]> disguised = Map.of(
                "evil.pdf", EvidenceSamples.html(),
                "logo.svg", EvidenceSamples.svg(),
                "logo.png", EvidenceSamples.svg(),
                "shell.jsp", EvidenceSamples.jsp(),
                "协议.pdf", EvidenceSamples.pdfZipPolyglot(),
                "报告.pdf", EvidenceSamples.exe());
        for (Map.Entry<String, byte[]> file : disguised.entrySet()) {
            MvcResult page = uploadPage(reporter, education, file.getKey(), file.getValue());
            assertThat(page.getResponse().getStatus()).as(file.getKey()).isEqualTo(302);
            assertThat(page.getResponse().getRedirectedUrl()).isEqualTo("/periods/" + june + "/units/" + education
                    + "#evidence-indicator-" + schools.id());
            assertThat((String) page.getFlashMap().get("error")).as(file.getKey()).startsWith("「" + file.getKey() + "」")
                    .containsAnyOf("扩展名与内容不符", "不允许上传", "夹带了压缩包");

            MockHttpServletResponse api = uploadApi(reporterToken, education, file.getKey(), file.getValue());
            assertThat(api.getStatus()).as(file.getKey()).isEqualTo(422);
            JsonNode problem = json(api);
            assertThat(problem.get("file").asString()).isEqualTo(file.getKey());
            assertThat(problem.get("detail").asString()).startsWith("「" + file.getKey() + "」");
        }
        assertThat(evidenceRows()).isEqualTo(before);
    }

    @Test
    void T37_acceptedFilesAreServedAsAttachmentsWithAnAllowListedTypeAndNosniff() throws Exception {
        byte[] pdf = EvidenceSamples.pdf();
        MvcResult page = uploadPage(reporter, education, "结对协议（2021年6月）.pdf", pdf);
        assertThat(page.getFlashMap().get("message")).isEqualTo("已上传佐证材料「结对协议（2021年6月）.pdf」");
        long id = jdbc.sql("select max(e.id) from reporting_evidence e join reporting_report r on r.id = e.report_id where r.plan_id = :p")
                .param("p", district.planId()).query(Long.class).single();

        MockHttpServletResponse download = as(reporter, get("/evidence/" + id));
        servedAsAttachment(download, "application/pdf", "结对协议（2021年6月）.pdf");
        assertThat(download.getContentAsByteArray()).isEqualTo(pdf);

        MockHttpServletResponse created = uploadApi(reporterToken, education, "现场照片.png",
                EvidenceSamples.png());
        assertThat(created.getStatus()).isEqualTo(201);
        JsonNode stored = json(created);
        assertThat(stored.get("contentType").asString()).isEqualTo("image/png");
        assertThat(stored.get("sha256").asString()).hasSize(64);
        assertThat(created.getHeader("Location")).isEqualTo("/api/v1/evidence/" + stored.get("id").asLong());
        MockHttpServletResponse apiDownload = api(reporterToken, get("/api/v1/evidence/" + stored.get("id").asLong()));
        servedAsAttachment(apiDownload, "image/png", "现场照片.png");
        assertThat(apiDownload.getContentAsByteArray()).isEqualTo(EvidenceSamples.png());
    }

    @Test
    void deletingOnThePageGoesBackToTheLine() throws Exception {
        EvidenceFiles.Stored stored = evidence.upload(reporterActor, june, education, LineKind.TASK, task.id(), "草稿.docx", 100,
                new ByteArrayResource(EvidenceSamples.docx()));

        MvcResult deleted = mvc.perform(post("/evidence/" + stored.id() + "/delete").cookie(reporter.cookie()).with(csrf())).andReturn();

        assertThat(deleted.getResponse().getRedirectedUrl()).isEqualTo("/periods/" + june + "/units/" + education + "#evidence-task-" + task.id());
        assertThat(deleted.getFlashMap().get("message")).isEqualTo("已删除佐证材料「草稿.docx」");
        assertThat(jdbc.sql("select count(*) from reporting_evidence where id = :id").param("id", stored.id()).query(Long.class).single())
                .isZero();
    }

    // ---- T39 ---------------------------------------------------------------------------------------

    @Test
    void T39_anOversizeEvidenceFileNamesTheLimitAndWritesNothing() throws Exception {
        long before = evidenceRows();
        byte[] big = Arrays.copyOf(EvidenceSamples.pdf(), (int) (21 * MB));

        MvcResult page = uploadPage(reporter, education, "扫描件.pdf", big);
        assertThat(page.getFlashMap().get("error")).isEqualTo("「扫描件.pdf」文件超过20MB上限，未保存");
        MockHttpServletResponse api = uploadApi(reporterToken, education, "扫描件.pdf", big);
        assertThat(api.getStatus()).isEqualTo(413);
        assertThat(json(api).get("detail").asString()).isEqualTo("「扫描件.pdf」文件超过20MB上限，未保存");
        assertThat(evidenceRows()).isEqualTo(before);
    }

    // ---- scope -------------------------------------------------------------------------------------

    @Test
    void aReporterOfAnotherUnitFindsNothingOfItsFilesByPageOrApiAndChangesNothing() throws Exception {
        EvidenceFiles.Stored stored = evidence.upload(reporterActor, june, education, LineKind.INDICATOR, schools.id(), "协议.pdf", 100,
                new ByteArrayResource(EvidenceSamples.pdf()));
        long before = evidenceRows();

        MockHttpServletResponse theirs = as(other, get("/evidence/" + stored.id()));
        MockHttpServletResponse missing = as(other, get("/evidence/999999"));
        assertThat(theirs.getStatus()).isEqualTo(404);
        assertThat(theirs.getContentAsString(StandardCharsets.UTF_8).replace("（" + stored.id() + "）", "（ID）"))
                .as("the same answer as for an id that does not exist")
                .isEqualTo(missing.getContentAsString(StandardCharsets.UTF_8).replace("（999999）", "（ID）"))
                .contains("未找到佐证材料（ID）");
        assertThat(api(otherToken, get("/api/v1/evidence/" + stored.id())).getStatus()).isEqualTo(404);
        assertThat(as(other, get("/periods/" + june + "/units/" + education + "/form.xlsx")).getStatus()).isEqualTo(404);
        assertThat(as(other, post("/evidence/" + stored.id() + "/delete").with(csrf())).getStatus()).isEqualTo(404);
        assertThat(uploadPage(other, education, "x.pdf", EvidenceSamples.pdf()).getResponse().getStatus())
                .isEqualTo(404);
        assertThat(uploadApi(otherToken, education, "x.pdf", EvidenceSamples.pdf()).getStatus()).isEqualTo(404);
        byte[] form = as(reporter, get("/periods/" + june + "/units/" + education + "/form.xlsx")).getContentAsByteArray();
        assertThat(mvc.perform(multipart("/periods/" + june + "/units/" + education + "/form")
                .file(new MockMultipartFile("file", "填报表.xlsx", null, form)).cookie(other.cookie()).with(csrf()))
                .andReturn().getResponse().getStatus()).isEqualTo(404);

        assertThat(evidenceRows()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from audit_event where actor = 'fw-wj' and event_type = 'AUTHZ_DENIED'")
                .query(Long.class).single()).as("each refusal audited").isEqualTo(7);
    }

    @Test
    void aPostWithoutAFileOrALineIsABadRequest() throws Exception {
        assertThat(as(reporter, post(evidenceUrl(education)).param("indicator", String.valueOf(schools.id())).with(csrf())).getStatus())
                .isEqualTo(400);
        assertThat(api(reporterToken, post("/api/v1" + evidenceUrl(education)).param("task", String.valueOf(task.id()))).getStatus())
                .isEqualTo(400);
        assertThat(mvc.perform(multipart(evidenceUrl(education)).file(new MockMultipartFile("file", "a.pdf", null,
                EvidenceSamples.pdf())).cookie(reporter.cookie()).with(csrf())).andReturn().getResponse()
                .getStatus()).as("neither indicator nor task").isEqualTo(400);
        assertThat(as(reporter, post("/periods/" + june + "/units/" + education + "/form").with(csrf())).getStatus()).isEqualTo(400);
    }

    // ---- the form ----------------------------------------------------------------------------------

    @Test
    void theFormIsDownloadedFilledAndUploadedOnThePage() throws Exception {
        MockHttpServletResponse download = as(reporter, get("/periods/" + june + "/units/" + education + "/form.xlsx"));
        servedAsAttachment(download, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "填报表-区教育局-2021年6月.xlsx");
        byte[] form = download.getContentAsByteArray();

        byte[] negative = FormFiles.fill(form, FormFiles.set(FormFiles.indicator(schools.id()), FormFiles.VALUE, -3));
        MvcResult refused = mvc.perform(multipart("/periods/" + june + "/units/" + education + "/form")
                .file(new MockMultipartFile("file", "填报表.xlsx", null, negative)).cookie(reporter.cookie()).with(csrf())).andReturn();
        assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo("/periods/" + june + "/units/" + education + "#report-form");
        assertThat(refused.getFlashMap().get("error")).isEqualTo("填报表未导入：共1处问题，请改正后重新上传；系统中的内容没有任何改动");
        assertThat((List<?>) refused.getFlashMap().get("formProblems")).singleElement().asString()
                .matches("第\\d+行【本期累计值】：「3.参与结对的东部学校数」填报值 -3 为负数，数值不能为负数");

        byte[] filled = FormFiles.fill(form, FormFiles.set(FormFiles.indicator(schools.id()), FormFiles.VALUE, 2));
        MvcResult saved = mvc.perform(multipart("/periods/" + june + "/units/" + education + "/form")
                .file(new MockMultipartFile("file", "填报表.xlsx", null, filled)).cookie(reporter.cookie()).with(csrf())).andReturn();
        assertThat(saved.getFlashMap().get("message")).isEqualTo("填报表已导入：保存了1个指标、0项任务");
        assertThat(queries.sheet(reporterActor, june, education).indicators().get(0).valueText()).isEqualTo("2");
    }
}
