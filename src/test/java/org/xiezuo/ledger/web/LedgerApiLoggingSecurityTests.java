package org.xiezuo.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.xiezuo.ledger.web.LedgerApiFixture.body;
import static org.xiezuo.ledger.web.LedgerApiFixture.json;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ApiTokens;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * SECURITY.md T54 b: with the application's and Spring MVC's logging at DEBUG — where Spring logs every
 * request line and the request and answer bodies it reads and writes — an import, a listing, a search
 * by ID number, a reveal of a full ID and phone number and a full export leave no full ID or phone
 * number in the log, and none in any audit row. (MockMvc has no access log; the server's access log is
 * off by default and would hold only URLs, which never carry an ID — T54 a.)
 */
@XiezuoTest
@AutoConfigureMockMvc
@TestPropertySource(properties = {"logging.level.org.xiezuo=DEBUG", "logging.level.org.springframework.web=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
class LedgerApiLoggingSecurityTests {

    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired ApiTokens tokens;
    @Autowired DocumentImports documents;
    @Autowired PlanQueries planQueries;
    @Autowired JdbcClient jdbc;

    /** Logging is global: the next test classes of this JVM log as the test profile says again. */
    @AfterAll
    static void quietAgain() {
        LoggingSystem logging = LoggingSystem.get(LedgerApiLoggingSecurityTests.class.getClassLoader());
        logging.setLogLevel("org.xiezuo", LogLevel.WARN);
        logging.setLogLevel("org.springframework.web", null);
    }

    @Test
    void t54_noFullIdOrPhoneInTheDebugLogOrTheAuditTrail(CapturedOutput output) throws Exception {
        assertThat(LoggerFactory.getLogger("org.springframework.web.servlet.DispatcherServlet").isDebugEnabled()).isTrue();
        assertThat(LoggerFactory.getLogger("org.xiezuo.ledger").isDebugEnabled()).isTrue();
        LedgerApiFixture f = new LedgerApiFixture(mvc, accounts, tokens, documents, planQueries, "台账日志测试区");
        Sessions.Signed office = f.person("xzb", Role.COORDINATOR, f.office);
        String coordinator = f.tokenOf(office.username(), Role.COORDINATOR, f.office);
        String reporter = f.token("hrss", Role.REPORTER, f.labour);
        List<LedgerApiWorkers.Worker> workers = LedgerApiWorkers.workers(31, 54);
        LedgerApiWorkers.Worker someone = workers.get(7);
        LedgerApiWorkers.Worker typedIn = workers.get(30);
        int logged = output.getAll().length();

        // an import, a listing, a search by ID, a reveal of both fields, a full export (page and API)
        MockHttpServletResponse imported = f.upload(reporter, "employment",
                LedgerApiWorkers.employmentWorkbook("t54-" + f.tag, workers.subList(0, 30), "区人力社保局"), "STRICT", null);
        assertThat(imported.getStatus()).as(body(imported)).isEqualTo(200);
        assertThat(f.call(reporter, get(f.employment() + "/entries")).getStatus()).isEqualTo(200);
        MockHttpServletResponse created = f.json(reporter, post(f.employment() + "/entries"), "{\"name\":\"" + typedIn.name()
                + "\",\"idNumber\":\"" + typedIn.id() + "\",\"phone\":\"" + typedIn.phone() + "\",\"poor\":\"否\","
                + "\"province\":\"浙江省\",\"employer\":\"企业甲\",\"startDate\":\"2021-03-01\",\"unit\":\"区人力社保局\"}");
        assertThat(created.getStatus()).as(body(created)).isEqualTo(201);
        MockHttpServletResponse found = f.json(coordinator, post(f.employment() + "/entries/search"),
                "{\"idNumber\":\"" + someone.id() + "\"}");
        long entry = json(found).get("items").get(0).get("id").asLong();
        assertThat(f.call(coordinator, get("/api/v1/ledger-entries/" + entry)).getStatus()).isEqualTo(200);
        for (String field : List.of("ID", "PHONE")) {
            MockHttpServletResponse revealed = f.json(coordinator, post("/api/v1/ledger-entries/" + entry + "/reveal"),
                    "{\"field\":\"" + field + "\",\"reason\":\"核对就业信息\"}");
            assertThat(json(revealed).get("value").asText()).isIn(someone.id(), someone.phone());
        }
        MockHttpServletResponse page = f.page(office, post("/plans/" + f.planId + "/ledgers/employment/export-full.xlsx"));
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(f.call(coordinator, post(f.employment() + "/export-full.xlsx")).getStatus()).isEqualTo(200);
        // a refused search logs no number either
        assertThat(f.json(f.token("xb", Role.WEST_CONFIRMER, f.office), post(f.employment() + "/entries/search"),
                "{\"idNumber\":\"" + someone.id() + "\"}").getStatus()).isEqualTo(403);

        String log = output.getAll().substring(logged);
        assertThat(LedgerApiSecurityTests.FULL_ID.matcher(log).find()).as("an 18-digit ID number in the log").isFalse();
        assertThat(LedgerApiSecurityTests.FULL_PHONE.matcher(log).find()).as("an 11-digit mobile number in the log").isFalse();
        for (LedgerApiWorkers.Worker w : workers) {
            assertThat(log).doesNotContain(w.id()).doesNotContain(w.phone());
        }

        // and the debug log was on: it saw the requests and their bodies, printed without the numbers
        assertThat(log).contains("LedgerApi#importFile(", "Fields[name, idNumber, phone,", "LedgerApi#search(", "LedgerApi#reveal(",
                "LedgerApi#exportFull(", "LedgerFilesController#exportFull(", "SearchRequest[idNumber=***", "Revealed[field=ID, value=***]");

        List<String> audit = jdbc.sql("select coalesce(detail, '') || ' ' || coalesce(object_id, '') from audit_event")
                .query(String.class).list();
        assertThat(audit).isNotEmpty().allSatisfy(row -> {
            assertThat(LedgerApiSecurityTests.FULL_ID.matcher(row).find()).as(row).isFalse();
            for (LedgerApiWorkers.Worker w : workers) assertThat(row).doesNotContain(w.id()).doesNotContain(w.phone());
        });
        assertThat(audit).anySatisfy(row -> assertThat(row).contains("查看完整身份证号", someone.idMask()))
                .anySatisfy(row -> assertThat(row).contains("完整导出", "31行"));
    }
}
