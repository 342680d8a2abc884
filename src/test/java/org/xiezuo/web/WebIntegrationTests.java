package org.xiezuo.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

import java.util.Set;

/**
 * The pages and the API over HTTP: sign-in is required everywhere, forms need their CSRF token, an
 * upload goes to the preview and a confirmation to the plan, bad files come back with a message that
 * names the file and the reason, and errors never show internals.
 */
@XiezuoTest
@AutoConfigureMockMvc
class WebIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired AccountAdministration accounts;

    static RequestPostProcessor coordinator() {
        return user("coordinator").roles("COORDINATOR");
    }

    static MockMultipartFile file(String name, byte[] content) {
        return new MockMultipartFile("file", name, "application/octet-stream", content);
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    @Test
    void stylesheetsScriptsAndWebJarsAreServedWithoutSignInAndNothingElseIsAStaticFile() throws Exception {
        for (String path : new String[] {"/css/app.css", "/js/app.js", "/js/assessment.js",
                "/webjars/bootstrap/css/bootstrap.min.css", "/webjars/htmx.org/dist/htmx.min.js",
                "/webjars/echarts/dist/echarts.min.js"}) {
            MvcResult served = mvc.perform(get(path)).andReturn();
            assertThat(served.getResponse().getStatus()).as(path).isEqualTo(200);
            assertThat(served.getResponse().getContentAsByteArray().length).as(path).isGreaterThan(100);
        }
        assertThat(mvc.perform(get("/css/app.css")).andReturn().getResponse().getContentType()).startsWith("text/css");
        // the static folder is not served from the root: /static/..., /app.css and /css/app.css/.. are not files
        mvc.perform(get("/static/css/app.css").with(coordinator())).andExpect(status().isNotFound());
        mvc.perform(get("/app.css").with(coordinator())).andExpect(status().isNotFound());
    }

    @Test
    void everyPageNeedsSignIn() throws Exception {
        mvc.perform(get("/plans")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/imports/new")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/v1/plans")).andExpect(status().isUnauthorized());
        mvc.perform(get("/login")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("东西部协作工作任务书管理系统")));
    }

    @Test
    void theBootstrapAdministratorSignsInWithTheConfiguredPassword() throws Exception {
        // the administrator's next step is enrolling the second factor (等保 8.1.4.1 d)
        mvc.perform(formLogin().user("admin").password("Test-Pass-2026!"))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/account/second-factor"));
        mvc.perform(formLogin().user("admin").password("wrong-password"))
                .andExpect(redirectedUrl("/login?error"));
        assertThat(jdbc.sql("select outcome from audit_event where event_type = 'SIGN_IN' and actor = 'admin' order by id")
                .query(String.class).list()).containsSubsequence("SUCCESS", "FAILURE");
    }

    @Test
    void uploadPreviewConfirmLeadsToThePlan() throws Exception {
        MvcResult upload = mvc.perform(multipart("/imports").file(file("000_8dbde2f5342aad4c.txt", SeedDocuments.text()))
                        .with(coordinator()).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn();
        String previewUrl = upload.getResponse().getRedirectedUrl();
        assertThat(previewUrl).matches("/imports/\\d+");

        String preview = mvc.perform(get(previewUrl).with(coordinator())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(preview).contains("请核对 8 条提示", "孤立片段「作动态和鲜活信息。」", "舟普政办〔2021〕71号",
                "重点任务（42 项）", "指标分解表（38 行，考核 34 项）");

        java.util.regex.Matcher version = java.util.regex.Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(preview);
        assertThat(version.find()).isTrue();
        String planUrl = mvc.perform(post(previewUrl + "/confirm").param("version", version.group(1)).with(coordinator()).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(planUrl).matches("/plans/\\d+");
        String plan = mvc.perform(get(planUrl).with(coordinator())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(plan).contains("2021年普陀-万源东西部协作工作任务书", "<strong data-task-count>42</strong>");
        assertThat(org.apache.commons.lang3.StringUtils.countMatches(plan, "data-task-id=")).isEqualTo(42);

        String table = mvc.perform(get(planUrl).param("tab", "indicators").with(coordinator()))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(org.apache.commons.lang3.StringUtils.countMatches(table, "data-indicator-id=")).isEqualTo(38);
        assertThat(table).contains("一、组织领导", "四、促进乡村振兴", "只作统计，不作考核", "rowspan=\"15\"", "rowspan=\"8\"");

        String history = mvc.perform(get(planUrl).param("tab", "history").with(coordinator()))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(history).contains("创建任务书", "确认导入");
    }

    @Test
    void aFormPostWithoutItsCsrfTokenIsRefusedAndWritesNothing() throws Exception {
        Sessions.Signed signed = Sessions.create(mvc, accounts, "csrf-coordinator", Set.of(Role.COORDINATOR), Set.of());
        long drafts = count("importer_draft");

        mvc.perform(multipart("/imports").file(file("seed.txt", SeedDocuments.text())).cookie(signed.cookie()))
                .andExpect(status().isForbidden());

        assertThat(count("importer_draft")).isEqualTo(drafts);
    }

    @Test
    void anUnusableFileIsShownWithItsNameAndReasonAndNothingIsWritten() throws Exception {
        long drafts = count("importer_draft");
        long documents = count("importer_source_document");

        String page = mvc.perform(multipart("/imports").file(file("报告.pdf", "%PDF-1.7".getBytes(StandardCharsets.US_ASCII)))
                        .with(coordinator()).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(page).contains("「报告.pdf」未能导入：暂不支持 PDF 文件");
        assertThat(count("importer_draft")).isEqualTo(drafts);
        assertThat(count("importer_source_document")).isEqualTo(documents);
    }

    @Test
    void theApiParsesWithoutSavingAndAnswersProblemDetailsForBadFiles() throws Exception {
        long drafts = count("importer_draft");
        mvc.perform(multipart("/api/v1/parse").file(file("seed.xlsx", SeedDocuments.xlsx())).with(coordinator()).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.plan.docNumber").value("舟普政办〔2021〕71号"))
                .andExpect(jsonPath("$.tasks.length()").value(42))
                .andExpect(jsonPath("$.indicators.length()").value(38))
                .andExpect(jsonPath("$.indicators[13].target").value(0.3));
        assertThat(count("importer_draft")).isEqualTo(drafts);

        mvc.perform(multipart("/api/v1/imports").file(file("empty.docx", new byte[0])).with(coordinator()).with(csrf()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith("application/problem+json")))
                .andExpect(jsonPath("$.detail").value("文件为空"))
                .andExpect(jsonPath("$.file").value("empty.docx"));
    }

    @Test
    void anUnknownPlanIsAChinese404WithoutInternals() throws Exception {
        String page = mvc.perform(get("/plans/987654").with(coordinator()))
                .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("未找到任务书（987654）").doesNotContain("Exception", "org.xiezuo", "SQL");

        mvc.perform(get("/plans/not-a-number").with(coordinator())).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/plans/987654").with(coordinator())).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("未找到任务书（987654）"));
    }

    @Test
    void pagesCarryTheSecurityHeaders() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString("frame-ancestors 'none'")))
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Referrer-Policy", "same-origin"));
    }
}
