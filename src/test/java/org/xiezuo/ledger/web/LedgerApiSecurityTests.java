package org.xiezuo.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.xiezuo.ledger.web.LedgerApiFixture.body;
import static org.xiezuo.ledger.web.LedgerApiFixture.json;
import static org.xiezuo.ledger.web.LedgerApiFixture.problem;

import java.beans.PropertyDescriptor;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.sheet.CellValues;
import org.xiezuo.ledger.sheet.Workbooks;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ApiTokens;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * Personal data in the ledger API and files (SECURITY.md T48–T51, T54 a): 100 imported workers are
 * masked in every JSON answer and every export of a reporter; one full value is revealed only with
 * {@code PI_REVEAL}, a reason and within the rate limit, and audited without the value; the full export
 * is for {@code PI_EXPORT_FULL} alone, audited with its filter and row count, named without personal
 * data; text that starts like a formula leaves the real export endpoint as quoted text; and no endpoint
 * takes an ID number in the query string.
 */
@XiezuoTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerApiSecurityTests {

    /** A masked ID of the test workers (Beijing Dongcheng, 110101…) and a masked 138 mobile number. */
    static final String ID_MASK = "110\\*{11}\\d{3}[\\dX]";
    static final String PHONE_MASK = "138\\*{4}\\d{4}";
    /** Any full 18-digit ID number, and any full mainland mobile number, as a run of its own. */
    static final Pattern FULL_ID = Pattern.compile("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])");
    static final Pattern FULL_PHONE = Pattern.compile("(?<![0-9])1[3-9][0-9]{9}(?![0-9])");

    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired ApiTokens tokens;
    @Autowired DocumentImports documents;
    @Autowired PlanQueries planQueries;
    @Autowired JdbcClient jdbc;
    @Autowired ApplicationContext context;

    LedgerApiFixture f;
    List<LedgerApiWorkers.Worker> workers;
    Sessions.Signed reporterSession;
    String reporter;
    Sessions.Signed coordinatorSession;
    String coordinator;
    /** T51 writes records of its own: a district of their own, so that T48 and T50 count exactly the 100 workers. */
    LedgerApiFixture g;
    Sessions.Signed injectorSession;
    String injector;

    @BeforeAll
    void hundredWorkersImportedByTheReporterOfTheirUnit() throws Exception {
        f = new LedgerApiFixture(mvc, accounts, tokens, documents, planQueries, "台账安全测试区");
        reporterSession = f.person("hrss", Role.REPORTER, f.labour);
        reporter = f.tokenOf(reporterSession.username(), Role.REPORTER, f.labour);
        coordinatorSession = f.person("xzb", Role.COORDINATOR, f.office);
        coordinator = f.tokenOf(coordinatorSession.username(), Role.COORDINATOR, f.office);
        workers = LedgerApiWorkers.workers(100, 48);
        Path file = LedgerApiWorkers.employmentWorkbook("t48-" + f.tag, workers, "区人力社保局");
        MockHttpServletResponse imported = f.upload(reporter, "employment", file, "STRICT", null);
        assertThat(imported.getStatus()).as(body(imported)).isEqualTo(200);
        assertThat(json(imported).get("accepted").asInt()).isEqualTo(100);
        g = new LedgerApiFixture(mvc, accounts, tokens, documents, planQueries, "台账注入测试区");
        injectorSession = g.person("hrss", Role.REPORTER, g.labour);
        injector = g.tokenOf(injectorSession.username(), Role.REPORTER, g.labour);
    }

    /** Neither a full ID nor a full phone number of any kind, nor one of the test workers' in any form. */
    void assertNoPersonalData(String where, String text) {
        assertThat(FULL_ID.matcher(text).find()).as(where + ": an 18-digit ID number").isFalse();
        assertThat(FULL_PHONE.matcher(text).find()).as(where + ": an 11-digit mobile number").isFalse();
        for (LedgerApiWorkers.Worker w : workers) {
            assertThat(text).as(where).doesNotContain(w.id()).doesNotContain(w.phone()).doesNotContain(w.id().substring(6, 17));
        }
    }

    long entryOf(LedgerApiWorkers.Worker worker) throws Exception {
        JsonNode found = json(f.json(coordinator, post(f.employment() + "/entries/search"), "{\"idNumber\":\"" + worker.id() + "\"}"));
        assertThat(found.get("total").asLong()).isEqualTo(1);
        return found.get("items").get(0).get("id").asLong();
    }

    long audited(String eventType, String actor) {
        return jdbc.sql("select count(*) from audit_event where event_type = :type and actor = :actor")
                .param("type", eventType).param("actor", actor).query(Long.class).single();
    }

    // ---- T48 ------------------------------------------------------------------------------------------

    @Test
    void t48_maskedByDefault_theReportersJsonListDetailSearchAndExcelExportsHoldNoFullIdOrPhone() throws Exception {
        // the JSON list: every record, ID and phone masked
        MockHttpServletResponse list = f.call(reporter, get(f.employment() + "/entries").param("size", "200"));
        assertThat(list.getStatus()).as(body(list)).isEqualTo(200);
        JsonNode page = json(list);
        assertThat(page.get("total").asLong()).isEqualTo(100);
        Set<String> idMasks = new HashSet<>();
        Set<String> phoneMasks = new HashSet<>();
        for (JsonNode item : page.get("items")) {
            assertThat(item.get("unit").asText()).isEqualTo("区人力社保局");
            idMasks.add(item.get("fields").get("idNumber").asText());
            phoneMasks.add(item.get("fields").get("phone").asText());
        }
        assertThat(idMasks).allSatisfy(mask -> assertThat(mask).matches(ID_MASK))
                .isEqualTo(workers.stream().map(LedgerApiWorkers.Worker::idMask).collect(java.util.stream.Collectors.toSet()));
        assertThat(phoneMasks).allSatisfy(mask -> assertThat(mask).matches(PHONE_MASK)).hasSize(100);
        assertNoPersonalData("JSON list", body(list));

        // each record's detail
        for (JsonNode item : page.get("items")) {
            MockHttpServletResponse detail = f.call(reporter, get("/api/v1/ledger-entries/" + item.get("id").asLong()));
            assertThat(detail.getStatus()).isEqualTo(200);
            assertThat(json(detail).get("fields").get("idNumber").asText()).matches(ID_MASK);
            assertThat(json(detail).get("fields").get("phone").asText()).matches(PHONE_MASK);
            assertNoPersonalData("JSON detail", body(detail));
        }

        // a search by ID number (a POST body, never the URL) answers the record, masked
        LedgerApiWorkers.Worker someone = workers.get(42);
        MockHttpServletResponse search = f.json(reporter, post(f.employment() + "/entries/search"),
                "{\"idNumber\":\"" + someone.id() + "\"}");
        assertThat(json(search).get("items")).singleElement()
                .satisfies(item -> assertThat(item.get("fields").get("idNumber").asText()).isEqualTo(someone.idMask()));
        assertNoPersonalData("JSON search", body(search));

        // the Excel export, from the ledger page and from the API: unzipped, no XML part holds a full number
        MockHttpServletResponse pageExport = f.page(reporterSession, get("/plans/" + f.planId + "/ledgers/employment/export.xlsx"));
        MockHttpServletResponse apiExport = f.call(reporter, get(f.employment() + "/export.xlsx"));
        for (MockHttpServletResponse export : List.of(pageExport, apiExport)) {
            assertThat(export.getStatus()).isEqualTo(200);
            assertThat(export.getContentType()).startsWith(LedgerFilesSupport.XLSX);
            assertThat(export.getHeader(HttpHeaders.CACHE_CONTROL)).contains("no-store");
            Map<String, String> parts = LedgerApiFixture.xmlParts(export.getContentAsByteArray());
            parts.forEach((name, xml) -> assertNoPersonalData("export " + name, xml));
            Matcher masks = Pattern.compile(">(" + ID_MASK + ")<").matcher(parts.get("xl/worksheets/sheet1.xml"));
            int count = 0;
            while (masks.find()) count++;
            assertThat(count).as("masked IDs in the sheet").isEqualTo(100);
            assertThat(parts.get("xl/worksheets/sheet1.xml")).containsPattern(">" + PHONE_MASK + "<");
        }
        // There is no Word (.docx) export of ledgers yet; when one is added, its XML parts get the same grep here.
    }

    // ---- T49 ------------------------------------------------------------------------------------------

    @Test
    void t49_withoutPiRevealTheRevealEndpointAnswers403AndRevealsNothing() throws Exception {
        long entry = entryOf(workers.get(0));
        String leader = f.token("ld49", Role.LEADER, f.office);
        for (String caller : List.of(reporter, leader)) {
            MockHttpServletResponse refused = f.json(caller, post("/api/v1/ledger-entries/" + entry + "/reveal"),
                    "{\"field\":\"ID\",\"reason\":\"核对社保缴纳记录\"}");
            problem(refused, 403);
            assertNoPersonalData("403", body(refused));
        }
        assertThat(audited("PI_REVEALED", reporterSession.username())).isZero();
    }

    @Test
    void t49_aReasonIsRequired() throws Exception {
        long entry = entryOf(workers.get(1));
        String office = f.token("xzb49r", Role.COORDINATOR, f.office);
        for (String request : List.of("{\"field\":\"ID\"}", "{\"field\":\"ID\",\"reason\":\"  \"}", "{\"field\":\"PHONE\",\"reason\":\"查\"}")) {
            JsonNode refused = problem(f.json(office, post("/api/v1/ledger-entries/" + entry + "/reveal"), request), 422);
            assertThat(refused.get("code").asText()).isEqualTo("reveal.reason");
            assertThat(refused.get("detail").asText()).isEqualTo("请填写查看理由（至少2个字）");
            assertThat(refused.has("value")).isFalse();
        }
        assertThat(audited("PI_REVEALED", f.username("xzb49r"))).isZero();
    }

    @Test
    void t49_withAReasonTheFullValueIsAnsweredNotStoredAndAuditedWithoutIt() throws Exception {
        LedgerApiWorkers.Worker worker = workers.get(2);
        long entry = entryOf(worker);
        String office = f.token("xzb49", Role.COORDINATOR, f.office);

        MockHttpServletResponse id = f.json(office, post("/api/v1/ledger-entries/" + entry + "/reveal"),
                "{\"field\":\"ID\",\"reason\":\"核对社保缴纳记录\"}");
        assertThat(id.getStatus()).as(body(id)).isEqualTo(200);
        assertThat(json(id).get("value").asText()).isEqualTo(worker.id());
        assertThat(id.getHeader(HttpHeaders.CACHE_CONTROL)).contains("no-store");
        MockHttpServletResponse phone = f.json(office, post("/api/v1/ledger-entries/" + entry + "/reveal"),
                "{\"field\":\"PHONE\",\"reason\":\"电话回访就业情况\"}");
        assertThat(json(phone).get("value").asText()).isEqualTo(worker.phone());
        assertThat(phone.getHeader(HttpHeaders.CACHE_CONTROL)).contains("no-store");

        List<Map<String, Object>> rows = jdbc.sql("""
                select actor, object_type, object_id, plan_id, occurred_at, detail from audit_event
                where event_type = 'PI_REVEALED' and actor = :actor order by id""")
                .param("actor", f.username("xzb49")).query().listOfRows();
        assertThat(rows).hasSize(2);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("object_type")).isEqualTo("ledger_entry");
            assertThat(row.get("object_id")).isEqualTo(String.valueOf(entry));
            assertThat(((Number) row.get("plan_id")).longValue()).isEqualTo(f.planId);
            assertThat(row.get("occurred_at")).isNotNull();
            assertNoPersonalData("audit detail", String.valueOf(row.get("detail")));
        });
        assertThat(String.valueOf(rows.get(0).get("detail"))).contains("身份证号", "核对社保缴纳记录", worker.idMask());
        assertThat(String.valueOf(rows.get(1).get("detail"))).contains("手机号", "电话回访就业情况");
    }

    @Test
    void t49_the21stRevealInAMinuteIsRefused429() throws Exception {
        long entry = entryOf(workers.get(3));
        String office = f.token("xzb49m", Role.COORDINATOR, f.office);
        for (int i = 1; i <= 20; i++) {
            MockHttpServletResponse ok = f.json(office, post("/api/v1/ledger-entries/" + entry + "/reveal"),
                    "{\"field\":\"" + (i % 2 == 0 ? "ID" : "PHONE") + "\",\"reason\":\"逐条核对第" + i + "次\"}");
            assertThat(ok.getStatus()).as("reveal " + i + ": " + body(ok)).isEqualTo(200);
        }
        MockHttpServletResponse tooMany = f.json(office, post("/api/v1/ledger-entries/" + entry + "/reveal"),
                "{\"field\":\"ID\",\"reason\":\"逐条核对第21次\"}");
        JsonNode refused = problem(tooMany, 429);
        assertThat(refused.get("code").asText()).isEqualTo("reveal.rate");
        assertThat(refused.has("value")).isFalse();
        assertThat(tooMany.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("60");
        assertThat(audited("PI_REVEALED", f.username("xzb49m"))).isEqualTo(20);
    }

    // ---- T50 ------------------------------------------------------------------------------------------

    @Test
    void t50_theLeaderAndAWestConfirmerAreRefusedTheFullExport() throws Exception {
        Sessions.Signed leader = f.person("ld50", Role.LEADER, f.office);
        Sessions.Signed west = f.person("xb50", Role.WEST_CONFIRMER, f.office);
        for (Sessions.Signed who : List.of(leader, west)) {
            MockHttpServletResponse refused = f.page(who, post("/plans/" + f.planId + "/ledgers/employment/export-full.xlsx"));
            assertThat(refused.getStatus()).as(who.username()).isEqualTo(403);
            assertThat(refused.getHeader(HttpHeaders.CONTENT_DISPOSITION)).isNull();
            assertNoPersonalData("403", body(refused));
            String token = f.tokenOf(who.username(), who == leader ? Role.LEADER : Role.WEST_CONFIRMER, f.office);
            problem(f.call(token, post(f.employment() + "/export-full.xlsx")), 403);
            assertThat(audited("LEDGER_EXPORTED_FULL", who.username())).isZero();
        }
        // the leader still has the masked export
        assertThat(f.page(leader, get("/plans/" + f.planId + "/ledgers/employment/export.xlsx")).getStatus()).isEqualTo(200);
    }

    @Test
    void t50_theCoordinatorsFullExportHoldsTheFullNumbersIsAuditedAndNamedWithoutPersonalData() throws Exception {
        // a form post: without the CSRF token it is refused
        MockHttpServletResponse forged = mvc.perform(post("/plans/" + f.planId + "/ledgers/employment/export-full.xlsx")
                .cookie(coordinatorSession.cookie())).andReturn().getResponse();
        assertThat(forged.getStatus()).isEqualTo(403);
        assertThat(audited("LEDGER_EXPORTED_FULL", coordinatorSession.username())).isZero();

        MockHttpServletResponse export = f.page(coordinatorSession, post("/plans/" + f.planId + "/ledgers/employment/export-full.xlsx"));
        assertThat(export.getStatus()).isEqualTo(200);
        assertThat(export.getHeader(HttpHeaders.CACHE_CONTROL)).contains("no-store");
        Set<String> ids = new HashSet<>();
        Set<String> phones = new HashSet<>();
        try (XSSFWorkbook book = new XSSFWorkbook(LedgerApiFixture.in(export))) {
            Sheet sheet = book.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(2).getStringCellValue()).isEqualTo("身份证号");
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                ids.add(sheet.getRow(r).getCell(2).getStringCellValue());
                phones.add(sheet.getRow(r).getCell(3).getStringCellValue());
            }
        }
        assertThat(ids).isEqualTo(workers.stream().map(LedgerApiWorkers.Worker::id).collect(java.util.stream.Collectors.toSet()));
        assertThat(phones).isEqualTo(workers.stream().map(LedgerApiWorkers.Worker::phone).collect(java.util.stream.Collectors.toSet()));

        // the file name: kind, date, 完整 — no digits of an ID, no name
        String name = LedgerApiFixture.fileName(export);
        assertThat(name).matches("就业人员台账_\\d{4}-\\d{2}-\\d{2}_完整\\.xlsx").doesNotContainPattern("\\d{5,}");
        assertThat(workers).allSatisfy(w -> assertThat(name).doesNotContain(w.name()));
        assertNoPersonalData("Content-Disposition", export.getHeader(HttpHeaders.CONTENT_DISPOSITION));

        // audited: who, what, the row count and the filter
        MockHttpServletResponse filtered = f.page(coordinatorSession,
                post("/plans/" + f.planId + "/ledgers/employment/export-full.xlsx").param("from", "2021-06-01"));
        assertThat(filtered.getStatus()).isEqualTo(200);
        long fromJune = workers.stream().filter(w -> !w.start().isBefore(LocalDate.of(2021, 6, 1))).count();
        List<String> details = jdbc.sql("""
                select detail from audit_event where event_type = 'LEDGER_EXPORTED_FULL' and actor = :actor
                and object_type = 'ledger' and object_id = 'employment' and plan_id = :plan order by id""")
                .param("actor", coordinatorSession.username()).param("plan", f.planId).query(String.class).list();
        assertThat(details).containsExactly(
                "就业人员台账完整导出（含完整身份证号、手机号）100行，筛选：全部",
                "就业人员台账完整导出（含完整身份证号、手机号）" + fromJune + "行，筛选：自2021-06-01");
        details.forEach(d -> assertNoPersonalData("audit detail", d));

        // the same through the API
        MockHttpServletResponse api = f.call(coordinator, post(f.employment() + "/export-full.xlsx"));
        assertThat(api.getStatus()).isEqualTo(200);
        assertThat(LedgerApiFixture.fileName(api)).matches("就业人员台账_\\d{4}-\\d{2}-\\d{2}_完整\\.xlsx");
        assertThat(audited("LEDGER_EXPORTED_FULL", coordinatorSession.username())).isEqualTo(3);
    }

    // ---- T51 ------------------------------------------------------------------------------------------

    /** Every cell of the first sheet: text that starts like a formula is a quote-prefixed string, nothing is a formula. */
    static Map<String, Cell> exportedCells(XSSFWorkbook book, int... columns) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        Sheet sheet = book.getSheetAt(0);
        for (Row row : sheet) {
            for (Cell cell : row) {
                assertThat(cell.getCellType()).as("cell " + cell.getAddress()).isNotEqualTo(CellType.FORMULA);
            }
        }
        for (int r = 1; r <= sheet.getLastRowNum(); r++) {
            for (int c : columns) {
                Cell cell = sheet.getRow(r).getCell(c);
                if (cell != null) cells.put(cell.getStringCellValue(), cell);
            }
        }
        return cells;
    }

    @Test
    void t51_textThatStartsLikeAFormulaLeavesTheRealExportAsQuotedTextAndNothingIsAFormula() throws Exception {
        List<LedgerApiWorkers.Worker> tricky = LedgerApiWorkers.workers(6, 51);
        String[][] texts = {
                {"=HYPERLINK(\"http://x\",\"点\")", "=1+1"},
                {"+1+1", "+SUM(A1:A2)"},
                {"-2+3", "-1"},
                {"@SUM(A1)", "@x"},
                {"\t=1+2", "\t@A1"},   // a leading tab or CR is trimmed by the importer: what remains still starts like a formula
                {"\r=3+4", "\r-5"}};
        List<LedgerApiWorkers.Worker> rows = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) rows.add(tricky.get(i).withEmployer(texts[i][0], texts[i][1]));
        MockHttpServletResponse imported = g.upload(injector, "employment",
                LedgerApiWorkers.employmentWorkbook("t51-" + g.tag, rows, "区人力社保局"), "STRICT", null);
        assertThat(imported.getStatus()).as(body(imported)).isEqualTo(200);
        long batch = json(imported).get("batchId").asLong();

        MockHttpServletResponse export = g.page(injectorSession,
                get("/plans/" + g.planId + "/ledgers/employment/export.xlsx").param("batch", String.valueOf(batch)));
        assertThat(export.getStatus()).isEqualTo(200);
        String sheetXml = LedgerApiFixture.xmlParts(export.getContentAsByteArray()).get("xl/worksheets/sheet1.xml");
        assertThat(sheetXml).doesNotContain("<f>").doesNotContain("<f ");
        try (XSSFWorkbook book = new XSSFWorkbook(LedgerApiFixture.in(export))) {
            assertThat(book.getSheetAt(0).getRow(0).getCell(6).getStringCellValue()).isEqualTo("就业单位");
            assertThat(book.getSheetAt(0).getRow(0).getCell(10).getStringCellValue()).isEqualTo("备注");
            Map<String, Cell> cells = exportedCells(book, 6, 10);
            List<String> expected = new ArrayList<>();
            for (String[] pair : texts) for (String text : pair) expected.add(text.strip());
            assertThat(cells.keySet()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(cells.values()).allSatisfy(cell -> {
                assertThat(cell.getCellType()).isEqualTo(CellType.STRING);
                assertThat(cell.getCellStyle().getQuotePrefixed()).as(cell.getStringCellValue()).isTrue();
            });
        }
    }

    @Test
    void t51_controlCharactersAreRefusedByTheImporterAndTheForm() throws Exception {
        // a tab or NUL inside the text never reaches the ledger: the import and the form refuse it
        List<LedgerApiWorkers.Worker> rows = List.of(LedgerApiWorkers.workers(1, 511).get(0).withEmployer("企业\t=1+1", null));
        JsonNode refused = problem(g.upload(injector, "employment",
                LedgerApiWorkers.employmentWorkbook("t51-control-" + g.tag, rows, "区人力社保局"), "STRICT", null), 422);
        assertThat(refused.get("rejected")).singleElement().satisfies(p -> {
            assertThat(p.get("row").asInt()).isEqualTo(2);
            assertThat(p.get("column").asText()).isEqualTo("就业单位");
            assertThat(p.get("message").asText()).isEqualTo(CellValues.CONTROL);
        });

        LedgerApiWorkers.Worker w = LedgerApiWorkers.workers(1, 512).get(0);
        String form = "{\"name\":\"" + w.name() + "\",\"idNumber\":\"" + w.id() + "\",\"poor\":\"否\",\"province\":\"浙江省\","
                + "\"employer\":\"企业甲\",\"startDate\":\"2021-03-01\",\"unit\":\"区人力社保局\",\"remark\":\"=1\\u00002\"}";
        JsonNode invalid = problem(g.json(injector, post(g.employment() + "/entries"), form), 422);
        assertThat(invalid.get("problems")).singleElement().satisfies(p -> {
            assertThat(p.get("column").asText()).isEqualTo("备注");
            assertThat(p.get("message").asText()).isEqualTo(CellValues.CONTROL);
        });
    }

    @Test
    void t51_aNumericColumnStaysNumericNextToQuotedTextAndNegativeNumbersAreRefused() throws Exception {
        List<String> headers = List.of("序号", "培训日期", "培训名称", "主办单位", "培训类别", "培训人数", "其中脱贫人口人数", "培训人次",
                "其中脱贫人口人次", "填报单位", "备注");
        Path file = Workbooks.streaming("t51-training-" + g.tag, headers, 1, i -> new Object[] {"1", LocalDate.of(2021, 5, 10),
                "=HYPERLINK(\"http://x\",\"点\")", "-区人社局", "劳动力技能", 30, 5, 60, 10, "区人力社保局", "@备注"});
        MockHttpServletResponse imported = g.upload(injector, "training", file, "STRICT", null);
        assertThat(imported.getStatus()).as(body(imported)).isEqualTo(200);
        long batch = json(imported).get("batchId").asLong();

        MockHttpServletResponse export = g.page(injectorSession,
                get("/plans/" + g.planId + "/ledgers/training/export.xlsx").param("batch", String.valueOf(batch)));
        assertThat(export.getStatus()).isEqualTo(200);
        assertThat(LedgerApiFixture.fileName(export)).startsWith("培训台账_");
        try (XSSFWorkbook book = new XSSFWorkbook(LedgerApiFixture.in(export))) {
            Row header = book.getSheetAt(0).getRow(0);
            assertThat(header.getCell(5).getStringCellValue()).isEqualTo("培训人数");
            Map<String, Cell> texts = exportedCells(book, 2, 3, 10);
            assertThat(texts.keySet()).containsExactlyInAnyOrder("=HYPERLINK(\"http://x\",\"点\")", "-区人社局", "@备注");
            assertThat(texts.values()).allSatisfy(cell -> assertThat(cell.getCellStyle().getQuotePrefixed()).isTrue());
            Row row = book.getSheetAt(0).getRow(1);
            for (int c : new int[] {5, 6, 7, 8}) {
                assertThat(row.getCell(c).getCellType()).as(header.getCell(c).getStringCellValue()).isEqualTo(CellType.NUMERIC);
            }
            assertThat(row.getCell(5).getNumericCellValue()).isEqualTo(30.0);
            assertThat(row.getCell(5).getCellStyle().getQuotePrefixed()).isFalse();
        }

        // a ledger holds no negative numbers: the importer refuses them (so none can be exported as text)
        Path negative = Workbooks.streaming("t51-negative-" + g.tag, headers, 1, i -> new Object[] {"1", LocalDate.of(2021, 5, 11),
                "技能培训", "区人社局", "劳动力技能", -5, null, 60, null, "区人力社保局", null});
        JsonNode refused = problem(g.upload(injector, "training", negative, "STRICT", null), 422);
        assertThat(refused.get("rejected")).anySatisfy(p -> {
            assertThat(p.get("column").asText()).isEqualTo("培训人数");
            assertThat(p.get("message").asText()).contains(CellValues.NEGATIVE);
        });
    }

    // ---- T54 a ----------------------------------------------------------------------------------------

    /** A parameter name that reads like an ID number: idNumber, idCard, id_no, sfz, shenfenzheng, 身份证…. */
    static final Pattern ID_LIKE = Pattern.compile("(?i).*(id_?(number|num|no|card)|sfz|shenfen|身份证|identity|citizen).*");

    /**
     * Every GET or DELETE handler's query parameters whose name reads like an ID number: its
     * {@code @RequestParam}s and the fields of a record or bean it binds from the query ({@code @ModelAttribute}).
     */
    static List<String> idNumberParameters(Map<RequestMappingInfo, HandlerMethod> handlers) {
        List<String> found = new ArrayList<>();
        handlers.forEach((info, handler) -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            if (!methods.isEmpty() && !methods.contains(RequestMethod.GET) && !methods.contains(RequestMethod.DELETE)) return;
            for (MethodParameter parameter : handler.getMethodParameters()) {
                parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
                List<String> names = new ArrayList<>();
                RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
                Class<?> type = parameter.getParameterType();
                if (param != null) {
                    names.add(!param.name().isEmpty() ? param.name() : !param.value().isEmpty() ? param.value()
                            : String.valueOf(parameter.getParameterName()));
                } else if (!parameter.hasParameterAnnotation(PathVariable.class) && !parameter.hasParameterAnnotation(RequestBody.class)
                        && (parameter.hasParameterAnnotation(ModelAttribute.class) || type.getName().startsWith("org.xiezuo."))) {
                    if (type.isRecord()) {
                        for (var component : type.getRecordComponents()) names.add(component.getName());
                    } else {
                        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) names.add(property.getName());
                    }
                }
                for (String name : names) {
                    if (ID_LIKE.matcher(name).matches()) found.add(info.getPatternValues() + " " + methods + " ?" + name);
                }
            }
        });
        return found;
    }

    private Map<RequestMappingInfo, HandlerMethod> handlers() {
        Map<RequestMappingInfo, HandlerMethod> all = new LinkedHashMap<>();
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()
                .forEach(mapping -> all.putAll(mapping.getHandlerMethods()));
        return all;
    }

    @Test
    void t54_noEndpointTakesAnIdNumberInTheQueryString() {
        Map<RequestMappingInfo, HandlerMethod> all = handlers();
        assertThat(all).hasSizeGreaterThan(60);
        assertThat(all.values()).as("the ledger API is scanned")
                .anySatisfy(h -> assertThat(h.getBeanType()).isEqualTo(LedgerApi.class))
                .anySatisfy(h -> assertThat(h.getBeanType()).isEqualTo(LedgerFilesController.class));
        assertThat(idNumberParameters(all)).as("GET/DELETE endpoints with an ID-number query parameter").isEmpty();
    }

    /** Query records as a controller might declare them. */
    record IdQuery(String idCard, int page) {}

    record Harmless(String text, Long jobId) {}

    @Controller
    static class IdInTheUrlController {
        @GetMapping("/dummy/persons")
        String byParam(@RequestParam String idNumber) { return "x"; }

        @DeleteMapping("/dummy/persons")
        String byNamedParam(@RequestParam("sfz") String value) { return "x"; }

        @GetMapping("/dummy/records")
        String byRecord(@ModelAttribute IdQuery query) { return "x"; }

        @GetMapping("/dummy/身份证")
        String byChineseName(@RequestParam("身份证号") String value, @PathVariable(required = false) String idNumber) { return "x"; }

        @GetMapping("/dummy/ok")
        String harmless(@RequestParam String text, @RequestParam Long indicatorId, @ModelAttribute Harmless query) { return "x"; }

        @PostMapping("/dummy/search")
        String postedBody(@RequestBody IdQuery query) { return "x"; }
    }

    @Test
    void t54_theScannerFindsAnIdNumberInAQueryParameterOrAQueryRecord() {
        StaticApplicationContext dummy = new StaticApplicationContext();
        dummy.registerSingleton("idInTheUrl", IdInTheUrlController.class);
        dummy.refresh();
        RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
        mapping.setApplicationContext(dummy);
        mapping.afterPropertiesSet();

        assertThat(idNumberParameters(mapping.getHandlerMethods())).containsExactlyInAnyOrder(
                "[/dummy/persons] [GET] ?idNumber", "[/dummy/persons] [DELETE] ?sfz", "[/dummy/records] [GET] ?idCard",
                "[/dummy/身份证] [GET] ?身份证号");
    }
}
