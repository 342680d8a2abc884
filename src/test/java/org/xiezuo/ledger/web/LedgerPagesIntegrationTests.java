package org.xiezuo.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.Bindings;
import org.xiezuo.ledger.Derivation;
import org.xiezuo.ledger.ImportMode;
import org.xiezuo.ledger.ImportOutcome;
import org.xiezuo.ledger.LedgerImports;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.LedgerSamples;
import org.xiezuo.ledger.sheet.Workbooks;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * The ledger pages over HTTP with real sign-ins: listings show masked personal data only (T48 page
 * part) with filters and pages; an ID is searched by POST only (T54); records entered, corrected at a
 * version, deleted with a reason, hidden from other units; reveal gated, reasoned and audited (T49 page
 * part); import results and refusals; the overview, rollback, drill-down and bindings.
 */
@XiezuoTest
@AutoConfigureMockMvc
class LedgerPagesIntegrationTests {

    private static final Pattern MASKED_ID = Pattern.compile("\\d{3}\\*{11}[\\dX]{4}");
    private static final Pattern FULL_ID = Pattern.compile("\\d{17}[\\dX]");

    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired DocumentImports documents;
    @Autowired PlanQueries planQueries;
    @Autowired LedgerImports imports;
    @Autowired Bindings bindings;
    @Autowired Derivation derivation;
    @Autowired JdbcClient jdbc;

    final String tag = UUID.randomUUID().toString().substring(0, 6);
    ScopeFixture district;
    long planId;
    long labour;   // 区人力社保局, whose records the workbooks carry
    long health;   // 区卫健局, another unit
    Actor office;

    @BeforeEach
    void aDistrictOfItsOwn() {
        district = ScopeFixture.importFor(documents, planQueries, "台账页面测试区" + tag);
        planId = district.planId();
        labour = district.unit("区人力社保局");
        health = district.unit("区卫健局");
        office = Actor.user("office-" + tag, "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")),
                Set.of(district.districtId()));
    }

    // ------------------------------------------------------------------ listing

    @Test
    void t48_theListingShowsMaskedIdsOnlyWithFiltersAndPages() throws Exception {
        ImportOutcome imported = importEmployment(120, 0);
        assertThat(imported.accepted()).isEqualTo(120);
        Sessions.Signed reporter = person("rs", Role.REPORTER, labour);
        String list = "/plans/" + planId + "/ledgers/employment";

        String first = body(open(reporter, list));
        assertThat(count(first, "data-record=")).isEqualTo(50);
        assertThat(first).contains("共 120 条", "data-page=\"2\"", "data-import-link", "data-new-record", "data-template-link",
                "/plans/" + planId + "/ledgers/employment/template.xlsx", "data-export-link", "data-id-search-form")
                .doesNotContain("data-export-full-form");
        List<String> ids = columnValues(first, "idNumber");
        assertThat(ids).hasSize(50).allSatisfy(id -> assertThat(id).matches(MASKED_ID));
        assertThat(columnValues(first, "phone")).allSatisfy(phone -> assertThat(phone).matches("1\\d{2}\\*{4}\\d{4}"));
        assertThat(FULL_ID.matcher(first).find()).as("an 18-character ID anywhere in the page").isFalse();

        String third = body(open(reporter, list + "?page=2"));
        assertThat(count(third, "data-record=")).isEqualTo(20);
        assertThat(FULL_ID.matcher(third).find()).isFalse();

        // filters: keyword, category (place of work), dates, batch — and the export link keeps them
        String byText = body(open(reporter, list + "?text=企业7"));
        assertThat(count(byText, "data-record=")).isEqualTo(12);
        assertThat(byText).contains("value=\"企业7\"", "export.xlsx?text=" + enc("企业7"));
        assertThat(count(body(open(reporter, list + "?category=到我省")), "data-record=")).isEqualTo(50);
        assertThat(body(open(reporter, list + "?category=其他地区"))).contains("data-records-empty", "没有符合筛选条件的记录");
        String march = body(open(reporter, list + "?from=2021-03-01&to=2021-03-31"));
        assertThat(march).contains("共 31 条");
        assertThat(body(open(reporter, list + "?batch=" + imported.batchId()))).contains("共 120 条");
        assertThat(body(open(reporter, list + "?from=2021-13-01"))).contains("data-filter-problems", "开始日期应为日期");

        // the paged URL keeps the filters
        String paged = body(open(reporter, list + "?category=到我省"));
        assertThat(paged).contains("?category=" + enc("到我省") + "&amp;page=1");
    }

    @Test
    void t54_anIdIsSearchedByPostOnlyAndNeverEchoedInFull() throws Exception {
        importEmployment(30, 0);
        Sessions.Signed reporter = person("rs", Role.REPORTER, labour);
        String id = LedgerSamples.validId(seed(), 7);
        String list = "/plans/" + planId + "/ledgers/employment";

        MockHttpServletResponse found = send(reporter, list + "/search", "idNumber", id);
        assertThat(found.getStatus()).isEqualTo(200);
        String page = body(found);
        assertThat(count(page, "data-record=")).isEqualTo(1);
        assertThat(page).contains("data-searched", id.substring(0, 3) + "***********" + id.substring(14));
        assertThat(FULL_ID.matcher(page).find()).isFalse();

        assertThat(open(reporter, list + "/search?idNumber=" + id).getStatus()).as("GET search").isNotEqualTo(200);
        // an ID typed as a keyword into the URL is not used, and not shown back
        String keyword = body(open(reporter, list + "?text=" + id));
        assertThat(keyword).contains("data-filter-problems", "身份证号、手机号不能作为网址中的查询条件").contains("共 30 条");
        assertThat(FULL_ID.matcher(keyword).find()).isFalse();

        MockHttpServletResponse wrong = send(reporter, list + "/search", "idNumber", id.substring(0, 17) + (id.endsWith("0") ? "1" : "0"));
        assertThat(wrong.getStatus()).isEqualTo(400);
        assertThat(body(wrong)).contains("data-search-error", "身份证号校验位错误").doesNotContain("data-record=");
    }

    // ------------------------------------------------------------------ records

    @Test
    void aBadIdIsShownNextToItsFieldWithWhatWasTypedAndNothingIsWritten() throws Exception {
        Sessions.Signed reporter = person("rs", Role.REPORTER, labour);
        String id = LedgerSamples.validId(seed(), 901);
        String bad = id.substring(0, 17) + (id.endsWith("0") ? "1" : "0");
        String url = "/plans/" + planId + "/ledgers/employment/new";
        assertThat(body(open(reporter, url))).contains("data-field=\"idNumber\"", "data-entry-form");

        MockHttpServletResponse refused = send(reporter, url, employmentForm("张三", bad, "企业甲"));
        assertThat(refused.getStatus()).isEqualTo(400);
        String page = body(refused);
        assertThat(page).containsPattern("data-field=\"idNumber\"[\\s\\S]*?data-field-problem=\"idNumber\">身份证号校验位错误<")
                .contains("value=\"张三\"", "value=\"企业甲\"", "未保存");
        assertThat(entries()).isZero();

        MockHttpServletResponse created = send(reporter, url, employmentForm("张三", id, "企业甲"));
        assertThat(created.getStatus()).isEqualTo(302);
        MockHttpServletResponse repeated = send(reporter, url, employmentForm("张三", id, "企业甲"));
        assertThat(repeated.getStatus()).isEqualTo(409);
        assertThat(body(repeated)).contains("台账中已有同一条记录，未重复登记").doesNotContain("未保存");
        assertThat(created.getRedirectedUrl()).matches("/ledger-entries/\\d+");
        assertThat(entries()).isEqualTo(1);
        String detail = body(open(reporter, created.getRedirectedUrl()));
        assertThat(detail).contains("已新增一条就业人员记录", "企业甲", Masking(id)).doesNotContain(id);
        assertThat(FULL_ID.matcher(detail).find()).isFalse();
    }

    @Test
    void aStaleVersionIsRefusedWithTheConflictAndADeletionNeedsAReason() throws Exception {
        Sessions.Signed reporter = person("rs", Role.REPORTER, labour);
        String id = LedgerSamples.validId(seed(), 902);
        String entry = send(reporter, "/plans/" + planId + "/ledgers/employment/new", employmentForm("李四", id, "企业乙"))
                .getRedirectedUrl();
        String page = body(open(reporter, entry));
        String version = version(page);
        assertThat(page).contains("data-id-retype", "name=\"version\" value=\"" + version + "\"");

        MockHttpServletResponse saved = send(reporter, entry, with(employmentForm("李四", id, "企业丙"), "version", version));
        assertThat(saved.getStatus()).isEqualTo(302);
        assertThat(body(open(reporter, entry))).contains("企业丙", "已保存修改");

        MockHttpServletResponse stale = send(reporter, entry, with(employmentForm("李四", id, "企业丁"), "version", version));
        assertThat(stale.getStatus()).isEqualTo(409);
        assertThat(body(stale)).contains("data-edit-error", "该记录已被他人修改，请刷新后重新填写", "value=\"企业丁\"");
        assertThat(body(open(reporter, entry))).contains("企业丙").doesNotContain("企业丁");

        MockHttpServletResponse noReason = send(reporter, entry + "/delete", "reason", " ");
        assertThat(noReason.getStatus()).isEqualTo(400);
        assertThat(body(noReason)).contains("data-delete-error", "请填写删除原因");
        assertThat(entries()).isEqualTo(1);
        MockHttpServletResponse deleted = send(reporter, entry + "/delete", "reason", "重复录入");
        assertThat(deleted.getRedirectedUrl()).isEqualTo("/plans/" + planId + "/ledgers/employment");
        assertThat(entries()).isZero();
        assertThat(open(reporter, entry).getStatus()).isEqualTo(404);
    }

    @Test
    void aReporterOfAnotherUnitNeitherSeesNorChangesTheRecord() throws Exception {
        Sessions.Signed reporter = person("rs", Role.REPORTER, labour);
        Sessions.Signed other = person("wj", Role.REPORTER, health);
        String id = LedgerSamples.validId(seed(), 903);
        String entry = send(reporter, "/plans/" + planId + "/ledgers/employment/new", employmentForm("王五", id, "企业戊"))
                .getRedirectedUrl();
        String version = version(body(open(reporter, entry)));

        assertThat(open(other, entry).getStatus()).isEqualTo(404);
        assertThat(send(other, entry, with(employmentForm("王五", id, "企业己"), "version", version)).getStatus()).isEqualTo(404);
        assertThat(send(other, entry + "/delete", "reason", "不是我的").getStatus()).isEqualTo(404);
        assertThat(body(open(other, "/plans/" + planId + "/ledgers/employment"))).contains("data-records-empty");
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void t49_aRevealNeedsThePermissionAndAReasonAndIsAudited() throws Exception {
        Sessions.Signed reporter = person("rs", Role.REPORTER, labour);
        Sessions.Signed coordinator = person("xzb", Role.COORDINATOR, district.unit("区发改局"));
        String id = LedgerSamples.validId(seed(), 904);
        String entry = send(reporter, "/plans/" + planId + "/ledgers/employment/new", employmentForm("赵六", id, "企业庚"))
                .getRedirectedUrl();
        long entryId = Long.parseLong(entry.substring(entry.lastIndexOf('/') + 1));

        assertThat(body(open(reporter, entry))).doesNotContain("data-reveal-form");
        assertThat(send(reporter, entry + "/reveal", "field", "ID", "reason", "核对").getStatus()).isEqualTo(403);
        assertThat(reveals(entryId)).isZero();

        String page = body(open(coordinator, entry));
        assertThat(page).contains("data-reveal-form=\"ID\"", "data-reveal-form=\"PHONE\"").doesNotContain(id);
        MockHttpServletResponse noReason = hx(coordinator, entry + "/reveal", "field", "ID", "reason", "");
        assertThat(noReason.getStatus()).isEqualTo(400);
        assertThat(body(noReason)).contains("data-reveal-form=\"ID\"", "请填写查看理由").doesNotContain(id);
        assertThat(reveals(entryId)).isZero();

        MockHttpServletResponse shown = hx(coordinator, entry + "/reveal", "field", "ID", "reason", "核对就业信息");
        assertThat(shown.getStatus()).isEqualTo(200);
        assertThat(shown.getHeader("Cache-Control")).contains("no-store");
        assertThat(body(shown)).contains("data-revealed=\"ID\"", ">" + id + "<").doesNotContain("<html");
        assertThat(reveals(entryId)).isEqualTo(1);
        String detail = jdbc.sql("select detail from audit_event where event_type = 'PI_REVEALED' and object_id = :id and actor = :a")
                .param("id", String.valueOf(entryId)).param("a", coordinator.username()).query(String.class).single();
        assertThat(detail).contains("核对就业信息", "身份证号").doesNotContain(id);

        // without htmx: the record's page with the number once
        MockHttpServletResponse plain = send(coordinator, entry + "/reveal", "field", "PHONE", "reason", "联系本人");
        assertThat(plain.getStatus()).isEqualTo(200);
        assertThat(body(plain)).contains("data-revealed=\"PHONE\"", ">13800001234<", "data-reveal-form=\"ID\"");

        // at most 20 a minute: the 21st is refused with 429 and its message, and not audited
        for (int i = 3; i <= 20; i++) {
            assertThat(hx(coordinator, entry + "/reveal", "field", "ID", "reason", "批量核对" + i).getStatus()).isEqualTo(200);
        }
        MockHttpServletResponse tooMany = hx(coordinator, entry + "/reveal", "field", "ID", "reason", "再看一次");
        assertThat(tooMany.getStatus()).isEqualTo(429);
        assertThat(body(tooMany)).contains("data-reveal-form=\"ID\"", "查看完整个人信息过于频繁").doesNotContain(id);
        assertThat(reveals(entryId)).isEqualTo(20);
    }

    // ------------------------------------------------------------------ import

    @Test
    void theImportPageShowsTheResultOrTheRefusal() throws Exception {
        Sessions.Signed reporter = person("rs", Role.REPORTER, labour);
        String url = "/plans/" + planId + "/ledgers/employment/import";
        String page = body(open(reporter, url));
        assertThat(page).contains("data-import-form", "enctype=\"multipart/form-data\"", "data-job-id", "name=\"mode\"",
                "value=\"STRICT\" checked", "/ledgers/employment/template.xlsx", "data-column=\"idNumber\"", "身份证号", "/js/ledger.js");

        // not a workbook at all
        MockHttpServletResponse garbage = upload(reporter, url, "台账.xlsx", "这不是表格".getBytes(StandardCharsets.UTF_8), "STRICT");
        assertThat(garbage.getStatus()).isEqualTo(400);
        assertThat(body(garbage)).contains("data-import-refusal", "未导入");
        // strict mode: one bad row refuses the file, with the row, the column and the reason
        String id = LedgerSamples.validId(seed(), 1);
        String bad = id.substring(0, 17) + (id.endsWith("0") ? "1" : "0");
        Path file = Workbooks.sheet("就业").headers(LedgerSamples.EMPLOYMENT_HEADERS.toArray(String[]::new))
                .row("1", "钱一", LedgerSamples.validId(seed(), 2), null, "否", "浙江省", "企业1", LocalDate.of(2021, 3, 1), null, "区人力社保局", null)
                .row("2", "钱二", bad, null, "否", "浙江省", "企业2", LocalDate.of(2021, 3, 2), null, "区人力社保局", null)
                .write("pages-strict-" + tag);
        MockHttpServletResponse strict = upload(reporter, url, "就业.xlsx", Files.readAllBytes(file), "STRICT");
        assertThat(strict.getStatus()).isEqualTo(400);
        assertThat(body(strict)).contains("data-import-refusal", "有1行数据有误，整个文件未导入", "data-problem-row=\"3\"", "身份证号校验位错误")
                .doesNotContain(bad);
        assertThat(entries()).isZero();

        // valid rows only: one row in, one rejected
        MockHttpServletResponse valid = upload(reporter, url, "就业.xlsx", Files.readAllBytes(file), "VALID_ONLY");
        assertThat(valid.getStatus()).isEqualTo(200);
        assertThat(body(valid)).contains("data-import-outcome", "data-count-accepted>1<", "data-count-rejected>1<",
                "data-problem-row=\"3\"", "data-batch-link");
        assertThat(entries()).isEqualTo(1);
        // the same file again: a duplicate
        MockHttpServletResponse again = upload(reporter, url, "就业.xlsx", Files.readAllBytes(file), "VALID_ONLY");
        assertThat(body(again)).contains("data-count-accepted>0<", "data-count-duplicates>1<", "第2行与已有记录重复");

        MockHttpServletResponse none = mvc.perform(multipart(url).param("mode", "STRICT").cookie(reporter.cookie()).with(csrf()))
                .andReturn().getResponse();
        assertThat(none.getStatus()).isEqualTo(400);
        assertThat(body(none)).contains("请选择要导入的台账文件");
        assertThat(open(person("ld", Role.LEADER, district.unit("区发改局")), url).getStatus()).isEqualTo(403);
    }

    @Test
    void theImportJobIsPolledByTheOneWhoStartedIt() throws Exception {
        Sessions.Signed reporter = person("rs", Role.REPORTER, labour);
        Sessions.Signed other = person("rs2", Role.REPORTER, labour);
        String job = UUID.randomUUID().toString();
        LedgerSamples.Employment book = LedgerSamples.employment(seed(), 20, "pages-job-" + tag);
        mvc.perform(multipart("/plans/" + planId + "/ledgers/employment/import")
                .file(new MockMultipartFile("file", "就业.xlsx", "application/octet-stream", Files.readAllBytes(book.file())))
                .param("mode", "STRICT").param("jobId", job).cookie(reporter.cookie()).with(csrf())).andReturn();

        MockHttpServletResponse polled = open(reporter, "/ledger-jobs/" + job);
        assertThat(polled.getStatus()).isEqualTo(200);
        assertThat(body(polled)).contains("\"status\":\"DONE\"", "\"rowsRead\":" + book.rows(), "\"percent\":100");
        assertThat(open(other, "/ledger-jobs/" + job).getStatus()).isEqualTo(404);
        assertThat(open(reporter, "/ledger-jobs/" + UUID.randomUUID()).getStatus()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ overview, rollback, drill-down, bindings

    @Test
    void theOverviewCountsListsBatchesAndJobsAndTheOfficeRollsABatchBack() throws Exception {
        Sessions.Signed reporter = person("rs", Role.REPORTER, labour);
        Sessions.Signed coordinator = person("xzb", Role.COORDINATOR, district.unit("区发改局"));
        String overview = "/plans/" + planId + "/ledgers";
        assertThat(body(open(coordinator, overview))).contains("data-ledgers-empty", "data-batches-empty", "data-jobs-empty");

        ImportOutcome imported = importEmployment(12, 0);
        jdbc.sql("""
                insert into ledger_import_job (id, plan_id, kind, file_name, status, rows_read, rows_expected, started_by, started_at,
                                               heartbeat_at)
                values (:id, :plan, 'EMPLOYMENT', '中断.xlsx', 'RUNNING', 5000, 90000, :actor, :at, :at)""")
                .param("id", UUID.randomUUID().toString()).param("plan", planId).param("actor", office.name())
                .param("at", Timestamp.from(Instant.now().minusSeconds(3600))).update();

        String page = body(open(coordinator, overview));
        assertThat(page).containsPattern("data-kind=\"employment\"[\\s\\S]*?data-kind-count>12<")
                .contains("data-batch=\"" + imported.batchId() + "\"", "data-rollback", "导入中断，请重新导入", "data-bindings-link")
                .doesNotContain("data-ledgers-empty");
        // more often than the pool has connections: nothing the page reads keeps one
        for (int i = 0; i < 12; i++) assertThat(open(coordinator, overview).getStatus()).isEqualTo(200);
        String reporterPage = body(open(reporter, overview));
        assertThat(reporterPage).contains("data-kind-count>12<").doesNotContain("data-rollback", "导入中断");
        assertThat(body(open(reporter, "/plans"))).contains("data-nav-ledgers");
        assertThat(open(reporter, "/ledgers").getRedirectedUrl()).isEqualTo(overview);

        assertThat(send(reporter, "/ledger-batches/" + imported.batchId() + "/rollback", "plan", String.valueOf(planId)).getStatus())
                .isEqualTo(403);
        MockHttpServletResponse rolled = send(coordinator, "/ledger-batches/" + imported.batchId() + "/rollback", "plan",
                String.valueOf(planId));
        assertThat(rolled.getRedirectedUrl()).isEqualTo(overview + "#batches");
        assertThat(entries()).isZero();
        String after = body(open(coordinator, rolled.getRedirectedUrl()));
        assertThat(after).contains("导入批次已回滚", "data-batch-status=\"ROLLED_BACK\"");
        MockHttpServletResponse twice = send(coordinator, "/ledger-batches/" + imported.batchId() + "/rollback", "plan",
                String.valueOf(planId));
        assertThat(body(open(coordinator, twice.getRedirectedUrl()))).contains("未回滚：该批次已回滚");
    }

    @Test
    void theDrillDownShowsTheFigureAndTheMaskedRecordsBehindIt() throws Exception {
        importEmployment(60, 0);
        Sessions.Signed coordinator = person("xzb", Role.COORDINATOR, district.unit("区发改局"));
        PlanBook.IndicatorRow five = indicator("5");
        LocalDate asOf = LocalDate.of(2021, 12, 31);
        BigDecimal expected = derivation.asOf(planId, asOf).get(five.id());
        assertThat(expected).isEqualByComparingTo("60");

        String page = body(open(coordinator, "/plans/" + planId + "/indicators/" + five.id() + "/records?asOf=2021-12-31"));
        assertThat(page).contains("data-figure>60<", "data-binding>" + bindings.of(five.id()).orElseThrow().describe() + "<",
                "共 60 条记录", "data-page=\"1\"", "value=\"2021-12-31\"");
        assertThat(columnValues(page, "idNumber")).hasSize(50).allSatisfy(id -> assertThat(id).matches(MASKED_ID));
        assertThat(FULL_ID.matcher(page).find()).isFalse();
        String june = body(open(coordinator, "/plans/" + planId + "/indicators/" + five.id() + "/records?asOf=2021-06-30"));
        assertThat(june).contains("data-figure>" + derivation.asOf(planId, LocalDate.of(2021, 6, 30)).get(five.id()).toPlainString() + "<");

        PlanBook.IndicatorRow one = indicator("1");
        assertThat(open(coordinator, "/plans/" + planId + "/indicators/" + one.id() + "/records").getStatus()).isEqualTo(404);
    }

    @Test
    void theOfficeBindsAndUnbindsIndicatorsOthersOnlyRead() throws Exception {
        Sessions.Signed reporter = person("rs", Role.REPORTER, labour);
        Sessions.Signed coordinator = person("xzb", Role.COORDINATOR, district.unit("区发改局"));
        PlanBook.IndicatorRow one = indicator("1");
        String page = "/plans/" + planId + "/ledger-bindings";
        assertThat(body(open(coordinator, page))).contains("data-binding-row=\"1\" data-bound=\"false\"", "data-binding-form",
                "data-binding-row=\"5\" data-bound=\"true\"");
        assertThat(body(open(reporter, page))).doesNotContain("data-binding-form");

        String bind = page + "/" + one.id();
        MockHttpServletResponse months = send(coordinator, bind, "kind", "DISPATCH", "measure", "DISTINCT_PERSONS", "timeRule", "ACTIVE",
                "minMonths", "12", "maxMonths", "6");
        assertThat(months.getStatus()).isEqualTo(400);
        assertThat(body(months)).contains("data-binding-error", "月数下限不能大于上限", "value=\"12\"");
        MockHttpServletResponse persons = send(coordinator, bind, "kind", "TRAINING", "measure", "DISTINCT_PERSONS", "timeRule", "NEW");
        assertThat(body(persons)).contains("培训台账没有人员，不能按人数统计");
        assertThat(bindings.of(one.id())).isEmpty();

        MockHttpServletResponse bound = send(coordinator, bind, "kind", "DISPATCH", "measure", "DISTINCT_PERSONS", "timeRule", "ACTIVE",
                "minMonths", "6", "inPark", "");
        assertThat(bound.getRedirectedUrl()).isEqualTo(page + "#indicator-" + one.id());
        assertThat(bindings.of(one.id())).hasValueSatisfying(b -> {
            assertThat(b.kind()).isEqualTo(LedgerKind.DISPATCH);
            assertThat(b.minMonths()).isEqualTo(6);
            assertThat(b.maxMonths()).isNull();
        });
        assertThat(body(open(coordinator, bound.getRedirectedUrl()))).contains("data-binding-row=\"1\" data-bound=\"true\"", "6个月及以上");
        assertThat(send(reporter, page + "/" + one.id() + "/unbind").getStatus()).isEqualTo(403);
        assertThat(send(coordinator, page + "/" + one.id() + "/unbind").getStatus()).isEqualTo(302);
        assertThat(bindings.of(one.id())).isEmpty();
    }

    @Test
    void aDispatchDurationInNoBucketIsFlaggedWithALinkToThoseRecords() throws Exception {
        Path file = Workbooks.sheet("选派").headers("姓名", "身份证号", "派出单位", "接收单位", "开始日期", "计划结束日期", "实际结束日期")
                .row("钱一", LedgerSamples.validId(seed(), 11), "区人民医院", "万源市人民医院", LocalDate.of(2021, 1, 1),
                        LocalDate.of(2021, 12, 31), null)
                .row("钱二", LedgerSamples.validId(seed(), 12), "区人民医院", "万源市人民医院", LocalDate.of(2021, 3, 1),
                        LocalDate.of(2021, 8, 31), null)
                .write("pages-dispatch-" + tag);
        imports.importFile(office, planId, LedgerKind.DISPATCH, file, "选派.xlsx", ImportMode.STRICT);
        Sessions.Signed coordinator = person("xzb", Role.COORDINATOR, district.unit("区发改局"));
        String list = "/plans/" + planId + "/ledgers/dispatch";

        String page = body(open(coordinator, list));
        assertThat(page).contains("data-outside-banner", "1条记录的派出时长不在任何统计区间", "?outside=1");
        String outside = body(open(coordinator, list + "?outside=1"));
        assertThat(outside).contains("data-outside-view", "共 1 条").doesNotContain("data-outside-banner");
        assertThat(outside).contains("2021-03-01");
    }

    // ------------------------------------------------------------------ helpers

    private long seed() {
        return tag.hashCode();
    }

    private PlanBook.IndicatorRow indicator(String code) {
        return district.book().indicators().stream().filter(i -> code.equals(i.code())).findFirst().orElseThrow();
    }

    /** {@code count} workers, each employed in 浙江省 from a day of 2021 (1 January onwards), credited to 区人力社保局. */
    private ImportOutcome importEmployment(int count, int first) {
        Workbooks sheet = Workbooks.sheet("就业").headers(LedgerSamples.EMPLOYMENT_HEADERS.toArray(String[]::new));
        for (int n = first; n < first + count; n++) {
            sheet.row(String.valueOf(n + 1), "工人" + "甲乙丙丁戊己庚辛壬癸".charAt(n % 10) + "甲乙丙丁戊己庚辛壬癸".charAt(n / 10 % 10),
                    LedgerSamples.validId(seed(), n), "138" + String.format("%08d", n), n % 3 == 0 ? "是" : "否", "浙江省",
                    "企业" + n % 10, LocalDate.of(2021, 1, 1).plusDays(n), null, "区人力社保局", null);
        }
        Path file = sheet.write("pages-employment-" + tag + "-" + first);
        return imports.importFile(office, planId, LedgerKind.EMPLOYMENT, file, "就业.xlsx", ImportMode.STRICT);
    }

    private static String[] employmentForm(String name, String id, String employer) {
        return new String[] {"name", name, "idNumber", id, "phone", "13800001234", "poor", "否", "province", "浙江省",
                "employer", employer, "startDate", "2021-04-01", "endDate", "", "unit", "", "remark", ""};
    }

    private static String[] with(String[] pairs, String key, String value) {
        String[] more = java.util.Arrays.copyOf(pairs, pairs.length + 2);
        more[pairs.length] = key;
        more[pairs.length + 1] = value;
        return more;
    }

    private static String Masking(String id) {
        return id.substring(0, 3) + "*".repeat(11) + id.substring(14);
    }

    private long entries() {
        return jdbc.sql("select count(*) from ledger_entry where plan_id = :plan").param("plan", planId).query(Long.class).single();
    }

    private long reveals(long entryId) {
        return jdbc.sql("select count(*) from audit_event where event_type = 'PI_REVEALED' and object_id = :id")
                .param("id", String.valueOf(entryId)).query(Long.class).single();
    }

    private Sessions.Signed person(String prefix, Role role, long unit) throws Exception {
        return Sessions.create(mvc, accounts, prefix + "-" + tag, Set.of(role), Set.of(unit));
    }

    private MockHttpServletResponse open(Sessions.Signed who, String url) throws Exception {
        return mvc.perform(get(url).cookie(who.cookie())).andReturn().getResponse();
    }

    private MockHttpServletResponse send(Sessions.Signed who, String url, String... pairs) throws Exception {
        return mvc.perform(form(post(url), pairs).cookie(who.cookie()).with(csrf())).andReturn().getResponse();
    }

    private MockHttpServletResponse hx(Sessions.Signed who, String url, String... pairs) throws Exception {
        return mvc.perform(form(post(url), pairs).cookie(who.cookie()).header("HX-Request", "true").with(csrf()))
                .andReturn().getResponse();
    }

    private MockHttpServletResponse upload(Sessions.Signed who, String url, String name, byte[] content, String mode) throws Exception {
        return mvc.perform(multipart(url).file(new MockMultipartFile("file", name, "application/octet-stream", content))
                .param("mode", mode).param("jobId", UUID.randomUUID().toString()).cookie(who.cookie()).with(csrf()))
                .andReturn().getResponse();
    }

    private static MockHttpServletRequestBuilder form(MockHttpServletRequestBuilder request, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) request.param(pairs[i], pairs[i + 1]);
        return request;
    }

    private static String body(MockHttpServletResponse response) throws Exception {
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }

    /** The texts of one column of the listing's rows. */
    private static List<String> columnValues(String page, String column) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("data-column=\"" + column + "\"[^>]*>([^<]*)<").matcher(page);
        while (m.find()) values.add(m.group(1).strip());
        return values;
    }

    private static String version(String page) {
        Matcher m = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(page);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
