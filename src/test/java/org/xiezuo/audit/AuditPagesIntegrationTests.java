package org.xiezuo.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.transaction.PlatformTransactionManager;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * T59: only the audit administrator reads and exports the trail — through the service and through the
 * page — and every query, export and refused attempt is itself an audit row with the filter and the
 * row count. Also: the search filters, pages newest first, and the .xlsx holds formula-safe text.
 */
@XiezuoTest
@AutoConfigureMockMvc
class AuditPagesIntegrationTests {

    static final Actor AUDITOR = Actor.user("auditor", "审计管理员", Set.of(Role.AUDITOR));
    static final Actor ADMIN = Actor.user("admin", "系统管理员", Set.of(Role.ADMIN));
    static final Actor REPORTER = Actor.user("r1", "填报员", Set.of(Role.REPORTER), Set.of(5L), Set.of(1L));

    @Autowired MockMvc mvc;
    @Autowired AuditQueries queries;
    @Autowired AuditTrail audit;
    @Autowired JdbcClient jdbc;
    @Autowired AuditSettings settings;
    @Autowired MessageSource messages;
    @Autowired PlatformTransactionManager transactions;
    @Autowired java.time.Clock clock;

    String tag;

    @BeforeEach
    void someRows() {
        tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        audit.recordAlone(tag, new Event("SIGN_IN", "account", tag, null, "SUCCESS", "登录成功"));
        audit.recordAlone(tag, new Event("SIGN_IN", "account", tag, null, "FAILURE", "登录失败：BadCredentialsException"));
        audit.recordAlone(tag, new Event("PLAN_ARCHIVED", "plan", 42, 42L, "SUCCESS", "归档"));
    }

    static RequestPostProcessor as(String name, String role) {
        return user(name).roles(role);
    }

    String page(MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(200);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    String lastDetail(String actor, String eventType) {
        return jdbc.sql("select outcome || ' ' || detail from audit_event where actor = :a and event_type = :t order by id desc limit 1")
                .param("a", actor).param("t", eventType).query(String.class).single();
    }

    @Test
    void T59_theAuditorReadsTheLogAndTheQueryIsItselfAudited() {
        AuditFilter mine = new AuditFilter(null, null, tag, null, null, null, null);

        AuditPage page = queries.search(AUDITOR, mine, 0);

        assertThat(page.total()).isEqualTo(3);
        assertThat(page.items()).extracting(AuditEntry::eventType).containsExactly("PLAN_ARCHIVED", "SIGN_IN", "SIGN_IN");
        assertThat(page.items().get(0).occurredAt().getOffset()).hasToString("+08:00");
        assertThat(lastDetail("auditor", "AUDIT_QUERIED")).isEqualTo("SUCCESS 查询条件：账号 " + tag + "；共 3 条，显示第 1 页 3 条");
    }

    @Test
    void T59_adminAndReporterAreRefusedByTheServiceAndTheRefusalIsAudited() {
        for (Actor refused : List.of(ADMIN, REPORTER)) {
            assertThatThrownBy(() -> queries.search(refused, AuditFilter.none(), 0)).isInstanceOf(AccessDenied.class);
            assertThat(lastDetail(refused.name(), "AUDIT_QUERIED")).startsWith("DENIED 没有查阅审计日志的权限");
            assertThatThrownBy(() -> queries.export(refused, AuditFilter.none())).isInstanceOf(AccessDenied.class);
            assertThat(lastDetail(refused.name(), "AUDIT_EXPORTED")).startsWith("DENIED ");
            assertThatThrownBy(() -> queries.eventTypes(refused)).isInstanceOf(AccessDenied.class);
        }
    }

    @Test
    void T59_adminAndReporterGet403FromThePageAndTheExport() throws Exception {
        for (RequestPostProcessor who : List.of(as("admin", "ADMIN"), as("r1", "REPORTER"), as("c1", "COORDINATOR"))) {
            MockHttpServletResponse page = mvc.perform(get("/audit").with(who)).andReturn().getResponse();
            // refused by the access table before any controller runs: no row of the log is in the answer
            assertThat(page.getStatus()).isEqualTo(403);
            assertThat(page.getContentAsString(StandardCharsets.UTF_8)).doesNotContain(tag);
            MockHttpServletResponse export = mvc.perform(get("/audit/export").with(who)).andReturn().getResponse();
            assertThat(export.getStatus()).isEqualTo(403);
            assertThat(String.valueOf(export.getContentType())).doesNotContain("spreadsheetml");
        }
        // each refused attempt is itself an audit row
        for (String who : List.of("admin", "r1", "c1")) {
            assertThat(jdbc.sql("select object_id from audit_event where actor = :a and event_type = 'AUTHZ_DENIED' order by id")
                    .param("a", who).query(String.class).list()).containsExactly("GET /audit", "GET /audit/export");
        }
        assertThat(mvc.perform(get("/audit")).andReturn().getResponse().getStatus()).as("not signed in").isEqualTo(302);
    }

    @Test
    void T59_theAuditorsPageShowsTheRowsInChineseAndIsAudited() throws Exception {
        String html = page(get("/audit").param("actor", tag).with(as("auditor", "AUDITOR")));

        assertThat(html).contains("审计日志", "登录", "归档", "成功", "失败", tag, "+08:00");
        assertThat(html).as("no inline script or style (CSP)").doesNotContainPattern("<script(?![^>]*src=)")
                .doesNotContain("style=");
        assertThat(lastDetail("auditor", "AUDIT_QUERIED")).contains("账号 " + tag, "共 3 条");
    }

    @Test
    void theSearchFiltersByTimeAccountEventObjectAndOutcome() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        AuditFilter failures = new AuditFilter(null, null, tag, "SIGN_IN", null, null, "FAILURE");
        AuditFilter plan42 = new AuditFilter(null, null, tag, null, "plan", "42", null);
        AuditFilter window = new AuditFilter(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), tag, null, null, null, null);
        AuditFilter past = new AuditFilter(null, now.minus(Duration.ofDays(1)), tag, null, null, null, null);
        AuditFilter hostile = new AuditFilter(null, null, tag + "' or '1'='1", null, null, null, null);

        assertThat(queries.search(AUDITOR, failures, 0).items()).singleElement()
                .satisfies(e -> assertThat(e.detail()).startsWith("登录失败"));
        assertThat(queries.search(AUDITOR, plan42, 0).items()).singleElement()
                .satisfies(e -> assertThat(e.planId()).isEqualTo(42L));
        assertThat(queries.search(AUDITOR, window, 0).total()).isEqualTo(3);
        assertThat(queries.search(AUDITOR, past, 0).total()).isZero();
        assertThat(queries.search(AUDITOR, hostile, 0).total()).as("values are bound, never SQL").isZero();
    }

    @Test
    void theSearchPagesNewestFirstAndThePagerKeepsTheFilter() throws Exception {
        for (int i = 0; i < settings.pageSize() + 5; i++) {
            audit.recordAlone(tag, new Event("TEST_EVENT", "test", i, null, "SUCCESS", "第" + i + "条"));
        }
        AuditFilter mine = new AuditFilter(null, null, tag, "TEST_EVENT", null, null, null);

        AuditPage first = queries.search(AUDITOR, mine, 0);
        AuditPage second = queries.search(AUDITOR, mine, 1);

        assertThat(first.total()).isEqualTo(settings.pageSize() + 5);
        assertThat(first.items()).hasSize(settings.pageSize());
        assertThat(first.items().get(0).detail()).isEqualTo("第" + (settings.pageSize() + 4) + "条");
        assertThat(first.items()).extracting(AuditEntry::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(second.items()).hasSize(5);
        assertThat(second.items().get(4).detail()).isEqualTo("第0条");
        String html = page(get("/audit").param("actor", tag).param("eventType", "TEST_EVENT").with(as("auditor", "AUDITOR")));
        assertThat(html).contains("/audit?actor=" + tag + "&amp;eventType=TEST_EVENT&amp;page=1", "第 1 / 2 页");
    }

    @Test
    void anUnreadableTimeIsSaidAndTheFullLogShown() throws Exception {
        String html = page(get("/audit").param("from", "昨天").with(as("auditor", "AUDITOR")));

        assertThat(html).contains("起始时间格式不正确");
    }

    @Test
    void theExportIsAnXlsxOfTheSearchWithFormulaSafeTextAndIsAudited() throws Exception {
        List<String> hostile = List.of("=HYPERLINK(\"http://x\",\"点\")", "+cmd", "-2+3", "@SUM(A1)", "\tTab", "普通文本");
        for (String detail : hostile) {
            audit.recordAlone(tag, new Event("TEST_EVENT", "test", detail, null, "SUCCESS", detail));
        }

        MockHttpServletResponse response = mvc.perform(get("/audit/export").param("actor", tag).param("eventType", "TEST_EVENT")
                .with(as("auditor", "AUDITOR"))).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo(AuditExport.CONTENT_TYPE);
        assertThat(response.getHeader("Content-Disposition")).startsWith("attachment;").contains(".xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(response.getContentAsByteArray()))) {
            Sheet sheet = book.getSheet("审计日志");
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("编号");
            assertThat(sheet.getLastRowNum()).isEqualTo(hostile.size());
            List<String> details = new ArrayList<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                assertThat(row.getCell(0).getCellType()).as("id is a number").isEqualTo(CellType.NUMERIC);
                for (Cell cell : row) assertThat(cell.getCellType()).isNotEqualTo(CellType.FORMULA);
                details.add(row.getCell(11).getStringCellValue());
            }
            assertThat(details).containsExactly("普通文本", "'\tTab", "'@SUM(A1)", "'-2+3", "'+cmd",
                    "'=HYPERLINK(\"http://x\",\"点\")");
            assertThat(book.getSheet("查询条件").getRow(1).getCell(1).getStringCellValue()).isEqualTo("6");
        }
        assertThat(lastDetail("auditor", "AUDIT_EXPORTED")).isEqualTo("SUCCESS 查询条件：账号 " + tag + "，事件 TEST_EVENT；导出 6 条");
    }

    @Test
    void anExportOverTheRowLimitIsRefusedAndSaysSo() {
        AuditQueries capped = new AuditQueries(jdbc, audit, new AuditSettings(settings.retention(), settings.lockTimeout(),
                settings.pageSize(), 2), messages, clock, transactions);

        assertThatThrownBy(() -> capped.export(AUDITOR, new AuditFilter(null, null, tag, null, null, null, null)))
                .isInstanceOf(BusinessRuleViolation.class)
                .hasMessage("查询结果共 3 条，超过导出上限 2 条，请缩小查询范围后再导出");
        assertThat(lastDetail("auditor", "AUDIT_EXPORTED")).startsWith("FAILURE").contains("超过导出上限");
    }

    @Test
    void formulaTriggersGetALeadingQuoteAndNothingElseChanges() {
        assertThat(AuditWorkbook.formulaSafe("=1+1")).isEqualTo("'=1+1");
        assertThat(AuditWorkbook.formulaSafe("\r\n=1")).isEqualTo("'\r\n=1");
        assertThat(AuditWorkbook.formulaSafe("\0x")).isEqualTo("'\0x");
        assertThat(AuditWorkbook.formulaSafe("区人社局")).isEqualTo("区人社局");
        assertThat(AuditWorkbook.formulaSafe("")).isEmpty();
    }
}
