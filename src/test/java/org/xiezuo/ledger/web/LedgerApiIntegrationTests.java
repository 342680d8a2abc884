package org.xiezuo.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.xiezuo.ledger.web.LedgerApiFixture.body;
import static org.xiezuo.ledger.web.LedgerApiFixture.json;
import static org.xiezuo.ledger.web.LedgerApiFixture.problem;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.ImportJobs;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ApiTokens;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * The ledger API with personal access tokens on a district of 20 imported workers: counts, filters,
 * paging and scope; a record added, corrected with the version read and deleted with a reason; imports
 * strict and valid-only with their progress, batches and rollback; bindings, the drill-down and
 * indicator values; the template and the masked export. Refusals are problem details with the status
 * the API documents (404 unknown or out of scope, 403, 422 input, 409 state).
 */
@XiezuoTest
@AutoConfigureMockMvc
class LedgerApiIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired ApiTokens tokens;
    @Autowired DocumentImports documents;
    @Autowired PlanQueries planQueries;
    @Autowired JdbcClient jdbc;

    LedgerApiFixture f;
    List<LedgerApiWorkers.Worker> workers;
    String reporter;      // 区人力社保局
    String coordinator;   // 区发改局, the whole district
    long batchId;

    @BeforeEach
    void twentyWorkers() throws Exception {
        f = new LedgerApiFixture(mvc, accounts, tokens, documents, planQueries, "台账接口测试区");
        reporter = f.token("hrss", Role.REPORTER, f.labour);
        coordinator = f.token("xzb", Role.COORDINATOR, f.office);
        workers = LedgerApiWorkers.workers(20, 7);
        MockHttpServletResponse imported = f.upload(reporter, "employment",
                LedgerApiWorkers.employmentWorkbook("api-" + f.tag, workers, "区人力社保局"), "STRICT", null);
        assertThat(imported.getStatus()).as(body(imported)).isEqualTo(200);
        batchId = json(imported).get("batchId").asLong();
    }

    private long total(String token, String query) throws Exception {
        MockHttpServletResponse response = f.call(token, get(f.employment() + "/entries?" + query));
        assertThat(response.getStatus()).as(body(response)).isEqualTo(200);
        return json(response).get("total").asLong();
    }

    /** The form of a worker as the record's fields. */
    private static ObjectNode fields(LedgerApiWorkers.Worker w) {
        ObjectNode form = LedgerApiFixture.JSON.createObjectNode();
        form.put("name", w.name()).put("idNumber", w.id()).put("phone", w.phone()).put("poor", w.poor() ? "是" : "否")
                .put("province", w.province()).put("employer", w.employer()).put("startDate", w.start().toString())
                .put("unit", "区人力社保局");
        return form;
    }

    @Test
    void countsFiltersPagingAndScope() throws Exception {
        JsonNode kinds = json(f.call(coordinator, get(f.api() + "/ledgers")));
        assertThat(kinds).hasSize(10);
        assertThat(kinds.get(0).get("kind").asText()).isEqualTo("employment");
        assertThat(kinds.get(0).get("label").asText()).isEqualTo("就业人员");
        assertThat(kinds.get(0).get("persons").asBoolean()).isTrue();
        assertThat(kinds.get(0).get("count").asLong()).isEqualTo(20);
        assertThat(kinds.get(2).get("kind").asText()).isEqualTo("training");
        assertThat(kinds.get(2).get("count").asLong()).isZero();
        assertThat(kinds.get(0).get("columns")).anySatisfy(c -> {
            assertThat(c.get("key").asText()).isEqualTo("idNumber");
            assertThat(c.get("header").asText()).isEqualTo("身份证号");
            assertThat(c.get("required").asBoolean()).isTrue();
        });

        JsonNode page = json(f.call(coordinator, get(f.employment() + "/entries").param("size", "6").param("page", "1")));
        assertThat(page.get("items")).hasSize(6);
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("size").asInt()).isEqualTo(6);
        assertThat(page.get("total").asLong()).isEqualTo(20);
        assertThat(page.get("pages").asInt()).isEqualTo(4);
        JsonNode item = page.get("items").get(0);
        assertThat(item.get("kind").asText()).isEqualTo("employment");
        assertThat(item.get("units")).extracting(JsonNode::asText).containsExactly("区人力社保局");
        assertThat(item.get("batchId").asLong()).isEqualTo(batchId);
        assertThat(item.get("fields").get("startDate").asText()).matches("2021-\\d{2}-\\d{2}");

        String employer = workers.get(0).employer();
        assertThat(total(coordinator, "text=" + employer)).isEqualTo(workers.stream().filter(w -> w.employer().contains(employer)).count());
        assertThat(total(coordinator, "from=2021-06-01&to=2021-12-31"))
                .isEqualTo(workers.stream().filter(w -> !w.start().isBefore(LocalDate.of(2021, 6, 1))).count());
        assertThat(total(coordinator, "unit=" + f.labour)).isEqualTo(20);
        assertThat(total(coordinator, "unit=" + f.education)).isZero();
        assertThat(total(coordinator, "batch=" + batchId)).isEqualTo(20);
        assertThat(total(coordinator, "batch=" + (batchId + 1000))).isZero();

        problem(f.call(coordinator, get(f.employment() + "/entries").param("from", "2021-13-01")), 400);
        problem(f.call(coordinator, get(f.api() + "/ledgers/salaries/entries")), 404);
        problem(f.call(coordinator, get("/api/v1/plans/999999/ledgers/employment/entries")), 404);

        // a reporter of another unit sees none of these records, and a record of them does not exist for it
        String teacher = f.token("jy", Role.REPORTER, f.education);
        assertThat(total(teacher, "")).isZero();
        assertThat(json(f.call(teacher, get(f.api() + "/ledgers"))).get(0).get("count").asLong()).isZero();
        problem(f.call(teacher, get("/api/v1/ledger-entries/" + item.get("id").asLong())), 404);
        problem(f.call(coordinator, get("/api/v1/ledger-entries/999999999")), 404);
        problem(f.call(coordinator, get("/api/v1/ledger-entries/abc")), 404);

        // search by ID: a POST body; an empty one is input to correct
        JsonNode found = json(f.json(teacher, post(f.employment() + "/entries/search"), "{\"idNumber\":\"" + workers.get(3).id() + "\"}"));
        assertThat(found.get("total").asLong()).isZero();
        found = json(f.json(coordinator, post(f.employment() + "/entries/search"), "{\"idNumber\":\" " + workers.get(3).id() + " \"}"));
        assertThat(found.get("items")).singleElement()
                .satisfies(i -> assertThat(i.get("fields").get("name").asText()).isEqualTo(workers.get(3).name()));
        assertThat(problem(f.json(coordinator, post(f.employment() + "/entries/search"), "{}"), 422).get("code").asText())
                .isEqualTo("ledger.input");
    }

    @Test
    void aRecordIsAddedCorrectedWithTheVersionReadAndDeletedWithAReason() throws Exception {
        LedgerApiWorkers.Worker newcomer = LedgerApiWorkers.workers(1, 99).get(0);
        ObjectNode form = fields(newcomer).put("remark", "手工录入");
        MockHttpServletResponse created = f.json(reporter, post(f.employment() + "/entries"), form.toString());
        assertThat(created.getStatus()).as(body(created)).isEqualTo(201);
        long id = json(created).get("id").asLong();
        assertThat(created.getHeader(HttpHeaders.LOCATION)).isEqualTo("/api/v1/ledger-entries/" + id);

        JsonNode entry = json(f.call(reporter, get("/api/v1/ledger-entries/" + id)));
        assertThat(entry.get("fields").get("idNumber").asText()).isEqualTo(newcomer.idMask());
        assertThat(entry.get("fields").get("phone").asText()).isEqualTo(newcomer.phoneMask());
        assertThat(entry.get("fields").get("remark").asText()).isEqualTo("手工录入");
        assertThat(entry.get("unit").asText()).isEqualTo("区人力社保局");
        assertThat(entry.get("batchId").isNull()).isTrue();
        int version = entry.get("version").asInt();

        // the same record again is a duplicate; a wrong check digit is input to correct, named by column
        assertThat(problem(f.json(reporter, post(f.employment() + "/entries"), form.toString()), 409).get("code").asText())
                .isEqualTo("ledger.duplicate");
        String wrong = newcomer.id().substring(0, 17) + (newcomer.id().endsWith("0") ? "1" : "0");
        JsonNode invalid = problem(f.json(reporter, post(f.employment() + "/entries"), fields(newcomer).put("idNumber", wrong).toString()), 422);
        assertThat(invalid.get("code").asText()).isEqualTo("ledger.form");
        assertThat(invalid.get("problems")).anySatisfy(p -> {
            assertThat(p.get("column").asText()).isEqualTo("身份证号");
            assertThat(p.get("message").asText()).isEqualTo("身份证号校验位错误");
        });
        assertThat(body(f.json(reporter, post(f.employment() + "/entries"), fields(newcomer).put("idNumber", wrong).toString())))
                .doesNotContain(wrong);

        // a correction sends every field with the version read; a stale version is refused
        ObjectNode update = LedgerApiFixture.JSON.createObjectNode().put("version", version);
        update.set("fields", fields(newcomer).put("employer", "新单位").put("endDate", "2021-11-30"));
        MockHttpServletResponse updated = f.json(reporter, put("/api/v1/ledger-entries/" + id), update.toString());
        assertThat(updated.getStatus()).as(body(updated)).isEqualTo(200);
        assertThat(json(updated).get("fields").get("employer").asText()).isEqualTo("新单位");
        assertThat(json(updated).get("fields").get("endDate").asText()).isEqualTo("2021-11-30");
        assertThat(json(updated).get("version").asInt()).isEqualTo(version + 1);
        assertThat(problem(f.json(reporter, put("/api/v1/ledger-entries/" + id), update.toString()), 409).get("code").asText())
                .isEqualTo("ledger.conflict");
        assertThat(problem(f.json(reporter, put("/api/v1/ledger-entries/" + id), "{\"fields\":{}}"), 422).get("detail").asText())
                .contains("version");
        // a leader reads but changes nothing
        String leader = f.token("ld", Role.LEADER, f.office);
        assertThat(f.call(leader, get("/api/v1/ledger-entries/" + id)).getStatus()).isEqualTo(200);
        problem(f.json(leader, put("/api/v1/ledger-entries/" + id), update.toString()), 403);
        problem(f.json(leader, post(f.employment() + "/entries"), form.toString()), 403);

        // deletion: the reason in the body
        assertThat(problem(f.call(reporter, delete("/api/v1/ledger-entries/" + id)), 422).get("code").asText()).isEqualTo("ledger.reason");
        assertThat(problem(f.json(reporter, delete("/api/v1/ledger-entries/" + id), "{\"reason\":\"错\"}"), 422).get("detail").asText())
                .isEqualTo("请填写删除原因（至少2个字）");
        problem(f.json(leader, delete("/api/v1/ledger-entries/" + id), "{\"reason\":\"重复登记\"}"), 403);
        MockHttpServletResponse deleted = f.json(reporter, delete("/api/v1/ledger-entries/" + id), "{\"reason\":\"重复登记\"}");
        assertThat(deleted.getStatus()).as(body(deleted)).isEqualTo(204);
        problem(f.call(reporter, get("/api/v1/ledger-entries/" + id)), 404);
        assertThat(jdbc.sql("select detail from audit_event where event_type = 'LEDGER_ENTRY_DELETED' and object_id = :id")
                .param("id", String.valueOf(id)).query(String.class).single()).contains("原因：重复登记").doesNotContain(newcomer.id());
    }

    @Test
    void importsReportEveryRejectedRowShowTheirProgressAndBatchesRollBack() throws Exception {
        List<LedgerApiWorkers.Worker> more = new ArrayList<>(LedgerApiWorkers.workers(5, 8));
        LedgerApiWorkers.Worker bad = more.get(2);
        String wrongId = bad.id().substring(0, 17) + (bad.id().endsWith("0") ? "1" : "0");
        more.set(2, new LedgerApiWorkers.Worker(bad.name(), wrongId, bad.phone(), bad.poor(), bad.province(), bad.employer(),
                bad.start(), null, null));
        Path file = LedgerApiWorkers.employmentWorkbook("api-bad-" + f.tag, more, "区人力社保局");

        // strict: refused as a whole, 422 with the report and every rejected row; the job says so
        String strictJob = UUID.randomUUID().toString();
        JsonNode refused = problem(f.upload(reporter, "employment", file, "STRICT", strictJob), 422);
        assertThat(refused.get("code").asText()).isEqualTo("ledger.rows");
        assertThat(refused.get("title").asText()).isEqualTo("未导入");
        assertThat(refused.get("accepted").asInt()).isZero();
        assertThat(refused.get("rejected")).singleElement().satisfies(p -> {
            assertThat(p.get("row").asInt()).isEqualTo(4);
            assertThat(p.get("column").asText()).isEqualTo("身份证号");
            assertThat(p.get("message").asText()).isEqualTo("身份证号校验位错误");
        });
        assertThat(LedgerApiFixture.body(f.upload(reporter, "employment", file, "STRICT", null))).doesNotContain(wrongId);
        JsonNode job = json(f.call(reporter, get("/api/v1/ledger-jobs/" + strictJob)));
        assertThat(job.get("status").asText()).isEqualTo("REFUSED");
        assertThat(job.get("kind").asText()).isEqualTo("employment");
        assertThat(job.get("rowsRead").asInt()).isEqualTo(5);
        assertThat(job.get("percent").asInt()).isEqualTo(100);
        assertThat(job.get("result").get("rejected")).hasSize(1);
        assertThat(total(coordinator, "")).isEqualTo(20);

        // valid rows only: the good rows imported, the bad one reported
        String validJob = UUID.randomUUID().toString();
        MockHttpServletResponse imported = f.upload(reporter, "employment", file, "VALID_ONLY", validJob);
        assertThat(imported.getStatus()).as(body(imported)).isEqualTo(200);
        JsonNode report = json(imported);
        assertThat(report.get("jobId").asText()).isEqualTo(validJob);
        assertThat(report.get("accepted").asInt()).isEqualTo(4);
        assertThat(report.get("rejected")).hasSize(1);
        long second = report.get("batchId").asLong();
        job = json(f.call(coordinator, get("/api/v1/ledger-jobs/" + validJob)));
        assertThat(job.get("status").asText()).isEqualTo(ImportJobs.Status.DONE.name());
        assertThat(job.get("rowsRead").asInt()).isEqualTo(5);
        assertThat(job.get("result").get("accepted").asInt()).isEqualTo(4);
        assertThat(total(coordinator, "")).isEqualTo(24);

        // job ids: new UUIDs only; another unit's reporter never sees the job; an unknown one does not exist
        assertThat(problem(f.upload(reporter, "employment", file, "VALID_ONLY", validJob), 409).get("code").asText()).isEqualTo("ledger.job");
        assertThat(problem(f.upload(reporter, "employment", file, "VALID_ONLY", "abc"), 422).get("detail").asText()).contains("UUID");
        assertThat(problem(f.upload(reporter, "employment", file, "FAST", null), 422).get("detail").asText()).contains("STRICT");
        String teacher = f.token("jy", Role.REPORTER, f.education);
        problem(f.call(teacher, get("/api/v1/ledger-jobs/" + validJob)), 404);
        problem(f.call(coordinator, get("/api/v1/ledger-jobs/" + UUID.randomUUID())), 404);
        problem(f.call(coordinator, get("/api/v1/ledger-jobs/not-a-job")), 404);

        // a file that is not a workbook, and a request without a file
        MockHttpServletResponse notXlsx = f.call(reporter, multipart(f.employment() + "/imports")
                .file(new MockMultipartFile("file", "名单.xlsx", "application/octet-stream", "姓名,身份证号".getBytes())));
        assertThat(problem(notXlsx, 422).get("code").asText()).isEqualTo("ledger.file");
        problem(f.call(reporter, multipart(f.employment() + "/imports").param("mode", "STRICT")), 400);

        // batches, newest first; rollback by the office only, once
        JsonNode batches = json(f.call(coordinator, get(f.api() + "/ledger-batches")));
        assertThat(batches.get("items")).extracting(b -> b.get("id").asLong()).containsExactly(second, batchId);
        assertThat(batches.get("items").get(0).get("kind").asText()).isEqualTo("employment");
        assertThat(batches.get("items").get(0).get("accepted").asInt()).isEqualTo(4);
        assertThat(batches.get("items").get(0).get("rejected").asInt()).isEqualTo(1);
        assertThat(batches.get("items").get(0).get("mode").asText()).isEqualTo("VALID_ONLY");
        assertThat(json(f.call(coordinator, get(f.api() + "/ledger-batches").param("kind", "training"))).get("total").asLong()).isZero();
        problem(f.call(reporter, post("/api/v1/ledger-batches/" + second + "/rollback")), 403);
        JsonNode rolledBack = json(f.call(coordinator, post("/api/v1/ledger-batches/" + second + "/rollback")));
        assertThat(rolledBack.get("status").asText()).isEqualTo("ROLLED_BACK");
        assertThat(total(coordinator, "")).isEqualTo(20);
        assertThat(problem(f.call(coordinator, post("/api/v1/ledger-batches/" + second + "/rollback")), 409).get("code").asText())
                .isEqualTo("batch.state");
        problem(f.call(coordinator, post("/api/v1/ledger-batches/999999999/rollback")), 404);
    }

    @Test
    void bindingsTheDrillDownAndIndicatorValues() throws Exception {
        PlanBook.IndicatorRow toEast = f.indicator("5");      // 农村劳动力到我省就业: distinct persons, active in the year
        PlanBook.IndicatorRow students = f.indicator("13");   // reported by departments
        JsonNode bindings = json(f.call(reporter, get(f.api() + "/ledger-bindings")));
        assertThat(bindings).anySatisfy(b -> {
            assertThat(b.get("indicatorId").asLong()).isEqualTo(toEast.id());
            assertThat(b.get("kind").asText()).isEqualTo("employment");
            assertThat(b.get("measure").asText()).isEqualTo("DISTINCT_PERSONS");
            assertThat(b.get("category").asText()).isEqualTo("到我省");
            assertThat(b.get("description").asText()).contains("就业人员", "到我省");
        });
        assertThat(bindings).noneSatisfy(b -> assertThat(b.get("indicatorId").asLong()).isEqualTo(students.id()));

        long east = workers.stream().filter(w -> w.province().equals("浙江省")).count();
        JsonNode drill = json(f.call(coordinator, get(f.api() + "/indicators/" + toEast.id() + "/records")
                .param("asOf", "2021-12-31").param("size", "100")));
        assertThat(drill.get("indicator").get("code").asText()).isEqualTo("5");
        assertThat(drill.get("asOf").asText()).isEqualTo("2021-12-31");
        assertThat(drill.get("value").decimalValue()).isEqualByComparingTo(String.valueOf(east));
        assertThat(drill.get("records").get("total").asLong()).isEqualTo(east);
        assertThat(drill.get("records").get("items")).allSatisfy(r -> assertThat(r.get("fields").get("province").asText()).isEqualTo("浙江省"));
        problem(f.call(coordinator, get(f.api() + "/indicators/" + students.id() + "/records")), 404);
        problem(f.call(coordinator, get(f.api() + "/indicators/" + toEast.id() + "/records").param("asOf", "yesterday")), 400);

        JsonNode values = json(f.call(coordinator, get(f.api() + "/indicator-values").param("asOf", "2021-12-31")));
        assertThat(values).anySatisfy(v -> {
            assertThat(v.get("code").asText()).isEqualTo("5");
            assertThat(v.get("source").asText()).isEqualTo("ledger");
            assertThat(v.get("actual").decimalValue()).isEqualByComparingTo(String.valueOf(east));
        });

        // the office binds indicator 13 to the employment ledger, then hands it back to the departments
        String spec = "{\"kind\":\"employment\",\"measure\":\"COUNT\",\"timeRule\":\"ACTIVE\"}";
        problem(f.json(reporter, put(f.api() + "/ledger-bindings/" + students.id()), spec), 403);
        JsonNode bound = json(f.json(coordinator, put(f.api() + "/ledger-bindings/" + students.id()), spec));
        assertThat(bound.get("kind").asText()).isEqualTo("employment");
        assertThat(bound.get("measure").asText()).isEqualTo("COUNT");
        assertThat(bound.get("description").asText()).contains("记录数");
        assertThat(json(f.call(coordinator, get(f.api() + "/indicator-values").param("asOf", "2021-12-31"))))
                .anySatisfy(v -> {
                    assertThat(v.get("code").asText()).isEqualTo("13");
                    assertThat(v.get("source").asText()).isEqualTo("ledger");
                    assertThat(v.get("actual").decimalValue()).isEqualByComparingTo("20");
                });
        assertThat(problem(f.json(coordinator, put(f.api() + "/ledger-bindings/" + students.id()),
                "{\"kind\":\"employment\",\"measure\":\"MOST\",\"timeRule\":\"ACTIVE\"}"), 422).get("code").asText()).isEqualTo("binding.input");
        assertThat(problem(f.json(coordinator, put(f.api() + "/ledger-bindings/" + students.id()),
                "{\"kind\":\"training\",\"measure\":\"DISTINCT_PERSONS\",\"timeRule\":\"NEW\"}"), 422).get("code").asText())
                .isEqualTo("binding.measure");
        problem(f.call(reporter, delete(f.api() + "/ledger-bindings/" + students.id())), 403);
        assertThat(f.call(coordinator, delete(f.api() + "/ledger-bindings/" + students.id())).getStatus()).isEqualTo(204);
        assertThat(problem(f.call(coordinator, delete(f.api() + "/ledger-bindings/" + students.id())), 409).get("code").asText())
                .isEqualTo("binding.none");
    }

    @Test
    void theTemplateAndTheMaskedExportAreDownloadsNamedByKindAndDate() throws Exception {
        var office = f.person("xzbweb", Role.COORDINATOR, f.office);
        MockHttpServletResponse template = f.page(office, get("/plans/" + f.planId + "/ledgers/employment/template.xlsx"));
        assertThat(template.getStatus()).isEqualTo(200);
        assertThat(LedgerApiFixture.fileName(template)).isEqualTo("就业人员台账_导入模板.xlsx");
        assertThat(template.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        try (XSSFWorkbook book = new XSSFWorkbook(LedgerApiFixture.in(template))) {
            Row header = book.getSheetAt(0).getRow(0);
            List<String> headers = new ArrayList<>();
            header.forEach(c -> headers.add(c.getStringCellValue()));
            assertThat(headers).isEqualTo(LedgerApiWorkers.HEADERS);
            assertThat(book.getSheetAt(0).getLastRowNum()).isZero();
        }
        assertThat(f.page(office, get("/plans/" + f.planId + "/ledgers/salaries/template.xlsx")).getStatus()).isEqualTo(404);

        // the masked export of what the listing shows, with the listing's filters
        String employer = workers.get(0).employer();
        MockHttpServletResponse export = f.call(reporter, get(f.employment() + "/export.xlsx").param("text", employer));
        assertThat(export.getStatus()).isEqualTo(200);
        assertThat(LedgerApiFixture.fileName(export)).matches("就业人员台账_\\d{4}-\\d{2}-\\d{2}\\.xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook(LedgerApiFixture.in(export))) {
            assertThat(book.getSheetAt(0).getLastRowNum())
                    .isEqualTo((int) workers.stream().filter(w -> w.employer().contains(employer)).count());
        }
        // out of reach: another unit's reporter gets an empty export; an unknown plan is not found
        String teacher = f.token("jy", Role.REPORTER, f.education);
        try (XSSFWorkbook book = new XSSFWorkbook(LedgerApiFixture.in(f.call(teacher, get(f.employment() + "/export.xlsx"))))) {
            assertThat(book.getSheetAt(0).getLastRowNum()).isZero();
        }
        MockHttpServletResponse missing = f.call(reporter, get("/api/v1/plans/999999/ledgers/employment/export.xlsx"));
        problem(missing, 404);
        assertThat(missing.getHeader(HttpHeaders.CONTENT_DISPOSITION)).isNull();
    }
}
