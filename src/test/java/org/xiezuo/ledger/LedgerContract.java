package org.xiezuo.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.sheet.Workbooks;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * Ledgers on the reference task book through the services: the employment workbook of a few thousand
 * rows in strict and valid-only mode, derived values of indicators 5–10 against an independent count,
 * idempotent re-import (also two at once), updates, a crash mid-import, batch rollback, default
 * bindings and the derived values of the other kinds. Runs on H2 and PostgreSQL.
 */
abstract class LedgerContract {

    static final LocalDate YEAR_END = LocalDate.of(2021, 12, 31);

    @Autowired DocumentImports documents;
    @Autowired PlanQueries planQueries;
    @Autowired LedgerImports imports;
    @Autowired LedgerQueries queries;
    @Autowired Derivation derivation;
    @Autowired Bindings bindings;
    @Autowired ImportJobs jobs;
    @Autowired ReportingQueries reporting;
    @Autowired JdbcClient jdbc;

    ScopeFixture district;
    Actor office;
    long planId;

    @BeforeEach
    void aPlan() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        district = ScopeFixture.importFor(documents, planQueries, "台账测试区" + tag);
        planId = district.planId();
        office = Actor.user("xzb-" + tag, "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")),
                Set.of(district.districtId()));
    }

    PlanBook.IndicatorRow indicator(String code) {
        return district.book().indicators().stream().filter(i -> code.equals(i.code())).findFirst().orElseThrow();
    }

    ImportOutcome importFile(Path file, ImportMode mode) {
        return imports.importFile(office, planId, LedgerKind.EMPLOYMENT, file, file.getFileName().toString(), mode);
    }

    long count(String table) {
        return jdbc.sql("select count(*) from " + table + " where plan_id = :plan")
                .param("plan", planId).query(Long.class).single();
    }

    Map<String, BigDecimal> derived(LocalDate asOf) {
        Map<Long, BigDecimal> values = derivation.asOf(planId, asOf);
        return district.book().indicators().stream().filter(i -> values.containsKey(i.id()))
                .collect(Collectors.toMap(i -> i.code() != null ? i.code() : i.name(), i -> values.get(i.id())));
    }

    // ------------------------------------------------------------------ default bindings

    @Test
    void theSeedBindsItsStandardIndicatorsAndLeaves1_2And13ToReports() {
        Set<String> bound = bindings.ofPlan(planId).stream()
                .map(b -> district.book().indicators().stream().filter(i -> i.id() == b.indicatorId()).findFirst().orElseThrow())
                .map(i -> i.code() != null ? i.code() : i.name()).collect(Collectors.toSet());
        assertThat(bound).contains("3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "14", "15", "16", "17", "18", "19",
                "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36",
                "续建产业园区数", "续建农业产业园数");
        assertThat(bound).doesNotContain("1", "2", "13");
        Binding thirty = bindings.of(indicator("30").id()).orElseThrow();
        assertThat(thirty.minMonths()).isEqualTo(1);
        assertThat(thirty.maxMonths()).isEqualTo(5);
        assertThat(bindings.of(indicator("21").id()).orElseThrow().inPark()).isTrue();
    }

    // ------------------------------------------------------------------ the employment workbook

    @Test
    void strictModeRefusesTheWholeFileAndReportsEveryBadRow() {
        EmploymentWorkbook book = new EmploymentWorkbook(7, 1500);
        Path file = book.write("employment-strict-" + UUID.randomUUID());
        assertThat(book.badRows).hasSizeGreaterThan(40);
        assertThatThrownBy(() -> importFile(file, ImportMode.STRICT))
                .isInstanceOfSatisfying(LedgerRefused.class, refused -> {
                    assertThat(refused.problems().stream().map(RowProblem::row).collect(Collectors.toSet()))
                            .isEqualTo(book.badRows);
                    assertThat(refused.problems()).allSatisfy(p -> assertThat(p.column()).isNotBlank());
                    assertThat(refused.problems()).anySatisfy(p -> assertThat(p.message()).isEqualTo("身份证号校验位错误"));
                    assertThat(refused.problems()).anySatisfy(p -> assertThat(p.message()).contains("数值格式，已丢失末位"));
                    assertThat(refused.problems()).anySatisfy(p -> assertThat(p.message()).contains("早于开始日期"));
                });
        assertThat(count("ledger_entry")).isZero();
        assertThat(count("ledger_person")).isZero();
        assertThat(count("ledger_batch")).isZero();
        assertThat(jobs.recent(planId, 1)).singleElement().satisfies(j -> assertThat(j.status()).isEqualTo(ImportJobs.Status.REFUSED));
    }

    @Test
    void validOnlyWritesExactlyTheValidRowsAndTheDerivedValuesMatchAnIndependentCount() {
        EmploymentWorkbook book = new EmploymentWorkbook(11, 1500);
        Path file = book.write("employment-valid-" + UUID.randomUUID());
        ImportOutcome outcome = importFile(file, ImportMode.VALID_ONLY);

        assertThat(outcome.rowsRead()).isEqualTo(book.rows.size());
        assertThat(outcome.rejected().stream().map(RowProblem::row).collect(Collectors.toSet())).isEqualTo(book.badRows);
        assertThat(outcome.accepted()).isEqualTo(book.distinctSpells());
        assertThat(outcome.accepted() + outcome.duplicates()).isEqualTo(book.validRows());
        assertThat(outcome.duplicateRows().stream().map(ImportOutcome.Duplicate::row).collect(Collectors.toSet()))
                .containsAll(book.duplicateRows);
        assertThat(count("ledger_entry")).isEqualTo(book.distinctSpells());

        for (LocalDate asOf : List.of(LocalDate.of(2021, 6, 30), YEAR_END)) {
            Map<String, long[]> expected = book.expected(asOf);
            Map<String, BigDecimal> derived = derived(asOf);
            assertThat(derived.get("5")).isEqualByComparingTo(BigDecimal.valueOf(expected.get("到我省")[0]));
            assertThat(derived.get("6")).isEqualByComparingTo(BigDecimal.valueOf(expected.get("到我省")[1]));
            assertThat(derived.get("7")).isEqualByComparingTo(BigDecimal.valueOf(expected.get("当地就近")[0]));
            assertThat(derived.get("8")).isEqualByComparingTo(BigDecimal.valueOf(expected.get("当地就近")[1]));
            assertThat(derived.get("9")).isEqualByComparingTo(BigDecimal.valueOf(expected.get("其他地区")[0]));
            assertThat(derived.get("10")).isEqualByComparingTo(BigDecimal.valueOf(expected.get("其他地区")[1]));
        }
        assertThat(reporting.actualsAsOf(planId, YEAR_END).get(indicator("5").id()).fromLedger()).isTrue();

        // T63 — the same file again adds nothing, every valid row a duplicate, values unchanged
        Map<String, BigDecimal> before = derived(YEAR_END);
        ImportOutcome again = importFile(file, ImportMode.VALID_ONLY);
        assertThat(again.accepted()).isZero();
        assertThat(again.updated()).isZero();
        assertThat(again.duplicates()).isEqualTo(book.validRows());
        assertThat(count("ledger_entry")).isEqualTo(book.distinctSpells());
        assertThat(derived(YEAR_END)).isEqualTo(before);
    }

    @Test
    void t63_theSameFileTwiceAtOnceAddsItOnce() throws Exception {
        EmploymentWorkbook book = new EmploymentWorkbook(13, 300);
        book.badRows.clear();
        EmploymentWorkbook clean = cleanOf(book);
        Path file = clean.write("employment-parallel-" + UUID.randomUUID());
        CompletableFuture<ImportOutcome> first = CompletableFuture.supplyAsync(() -> importFile(file, ImportMode.STRICT));
        CompletableFuture<ImportOutcome> second = CompletableFuture.supplyAsync(() -> importFile(file, ImportMode.STRICT));
        ImportOutcome a = first.get();
        ImportOutcome b = second.get();
        assertThat(a.accepted() + b.accepted()).isEqualTo(clean.distinctSpells());
        assertThat(Math.min(a.accepted(), b.accepted())).isZero();
        assertThat(count("ledger_entry")).isEqualTo(clean.distinctSpells());
    }

    /** The valid rows of a generated workbook only. */
    static EmploymentWorkbook cleanOf(EmploymentWorkbook book) {
        EmploymentWorkbook clean = new EmploymentWorkbook(book.hashCode(), 0);
        for (int i = 0; i < book.rows.size(); i++) {
            if (book.spells.get(i).valid()) {
                clean.rows.add(book.rows.get(i));
                clean.spells.add(book.spells.get(i));
            }
        }
        return clean;
    }

    @Test
    void t27_repeatsAreDuplicatesAndAnotherNameForAKnownIdIsAWarning() {
        String id = ChineseIdsForTests.valid(new java.util.Random(3), 1);
        String other = ChineseIdsForTests.valid(new java.util.Random(4), 2);
        Path first = Workbooks.sheet("台账").headers(EmploymentWorkbook.HEADERS.toArray(String[]::new))
                .row("1", "张三", other, null, "否", "浙江省", "甲公司", LocalDate.of(2021, 2, 1), null, "区人力社保局", null)
                .write("t27-first-" + UUID.randomUUID());
        importFile(first, ImportMode.STRICT);

        Workbooks sheet = Workbooks.sheet("台账").headers(EmploymentWorkbook.HEADERS.toArray(String[]::new));
        for (int row = 2; row <= 20; row++) {
            String person = row == 5 || row == 19 ? id : ChineseIdsForTests.valid(new java.util.Random(row * 31L), 10 + row);
            String name = row == 7 ? "李四" : "王五";
            if (row == 7) person = other;
            sheet.row(String.valueOf(row - 1), name, person, null, "否", "四川省", "乙公司", LocalDate.of(2021, 3, 1), null,
                    "区人力社保局", null);
        }
        ImportOutcome outcome = importFile(sheet.write("t27-second-" + UUID.randomUUID()), ImportMode.STRICT);
        assertThat(outcome.rejected()).isEmpty();
        assertThat(outcome.duplicateRows()).contains(new ImportOutcome.Duplicate(19, 5));
        assertThat(outcome.warnings()).singleElement().satisfies(w -> {
            assertThat(w.row()).isEqualTo(7);
            assertThat(w.message()).contains("与已有记录姓名不一致");
        });
        assertThat(outcome.accepted()).isEqualTo(18);
    }

    @Test
    void aRepeatFromAnotherUnitAttributesTheSpellToItTooAndEveryQuerySeesBothUnits() {
        String id = ChineseIdsForTests.valid(new java.util.Random(8), 8);
        Path file = Workbooks.sheet("台账").headers(EmploymentWorkbook.HEADERS.toArray(String[]::new))
                .row("1", "钱七", id, null, "否", "浙江省", "甲公司", LocalDate.of(2021, 4, 1), null, "区人力社保局", null)
                .row("2", "钱七", id, null, "否", "浙江省", "甲公司", LocalDate.of(2021, 4, 1), null, "区教育局", null)
                .row("3", "钱七", id, null, "否", "浙江省", "甲公司", LocalDate.of(2021, 4, 1), null, "区人力社保局", null)
                .write("units-1-" + UUID.randomUUID());
        ImportOutcome first = importFile(file, ImportMode.STRICT);
        assertThat(first.accepted()).isEqualTo(1);
        assertThat(first.duplicates()).isEqualTo(2);
        long entryId = jdbc.sql("select id from ledger_entry where plan_id = :plan").param("plan", planId).query(Long.class).single();
        // the first unit is the entry's own; only the further one is a row of ledger_attribution (ADR 0020)
        assertThat(jdbc.sql("select unit_id from ledger_entry where id = :id").param("id", entryId).query(Long.class).single())
                .isEqualTo(district.unit("区人力社保局"));
        assertThat(jdbc.sql("select unit_id from ledger_attribution where entry_id = :id").param("id", entryId).query(Long.class).list())
                .containsExactly(district.unit("区教育局"));

        // a later file from a third unit adds it; the same file again adds nothing
        Path third = Workbooks.sheet("台账").headers(EmploymentWorkbook.HEADERS.toArray(String[]::new))
                .row("1", "钱七", id, null, "否", "浙江省", "甲公司", LocalDate.of(2021, 4, 1), null, "区卫健局", null)
                .write("units-2-" + UUID.randomUUID());
        assertThat(importFile(third, ImportMode.STRICT).duplicates()).isEqualTo(1);
        assertThat(importFile(third, ImportMode.STRICT).duplicates()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from ledger_attribution where entry_id = :id").param("id", entryId).query(Long.class).single())
                .isEqualTo(2);

        LedgerEntry listed = queries.list(office, planId, LedgerKind.EMPLOYMENT, LedgerQueries.Filter.none(), 0, 10).items().get(0);
        assertThat(listed.units()).containsExactly("区人力社保局", "区教育局", "区卫健局");
        for (String unit : List.of("区人力社保局", "区教育局", "区卫健局")) {
            Actor reporter = Actor.user("tb-" + unit, unit + "填报员", Set.of(Role.REPORTER), Set.of(district.unit(unit)),
                    Set.of(district.districtId()));
            assertThat(queries.list(reporter, planId, LedgerKind.EMPLOYMENT, LedgerQueries.Filter.none(), 0, 10).total())
                    .as("a reporter of %s sees the spell", unit).isEqualTo(1);
            assertThat(queries.list(office, planId, LedgerKind.EMPLOYMENT,
                    new LedgerQueries.Filter(district.unit(unit), null, null, null, null, null, null), 0, 10).total())
                    .as("filtered by %s", unit).isEqualTo(1);
        }
        Actor agriculture = Actor.user("tb-nyj", "农业农村局填报员", Set.of(Role.REPORTER), Set.of(district.unit("区农业农村局")),
                Set.of(district.districtId()));
        assertThat(queries.list(agriculture, planId, LedgerKind.EMPLOYMENT, LedgerQueries.Filter.none(), 0, 10).total()).isZero();
    }

    @Test
    void aChangedEndDateUpdatesTheSpellAndTheBatchRollsBack() {
        String id = ChineseIdsForTests.valid(new java.util.Random(5), 5);
        Path original = Workbooks.sheet("台账").headers(EmploymentWorkbook.HEADERS.toArray(String[]::new))
                .row("1", "赵六", id, "13800001111", "是", "浙江省", "甲公司", LocalDate.of(2020, 5, 1), null, "区人力社保局", null)
                .write("update-1-" + UUID.randomUUID());
        importFile(original, ImportMode.STRICT);
        assertThat(derived(YEAR_END).get("6")).isEqualByComparingTo("1");

        Path ended = Workbooks.sheet("台账").headers(EmploymentWorkbook.HEADERS.toArray(String[]::new))
                .row("1", "赵六", id, "13800001111", "是", "浙江省", "甲公司", LocalDate.of(2020, 5, 1), LocalDate.of(2020, 12, 1),
                        "区人力社保局", null)
                .write("update-2-" + UUID.randomUUID());
        ImportOutcome outcome = importFile(ended, ImportMode.STRICT);
        assertThat(outcome.updated()).isEqualTo(1);
        assertThat(outcome.accepted()).isZero();
        assertThat(derived(YEAR_END).get("6")).isEqualByComparingTo("0");

        imports.rollBack(office, outcome.batchId());
        assertThat(derived(YEAR_END).get("6")).isEqualByComparingTo("1");
        assertThat(count("ledger_entry")).isEqualTo(1);
        assertThatThrownBy(() -> imports.rollBack(office, outcome.batchId())).hasMessageContaining("已回滚");
    }

    @Test
    void importsOfTwoKindsWithPersonsAddingTheSamePersonRunOneAfterTheOther() throws Exception {
        String id = ChineseIdsForTests.valid(new java.util.Random(9), 9);
        Path employment = Workbooks.sheet("台账").headers(EmploymentWorkbook.HEADERS.toArray(String[]::new))
                .row("1", "孙八", id, null, "否", "浙江省", "甲公司", LocalDate.of(2021, 4, 1), null, "区人力社保局", null)
                .write("persons-employment-" + UUID.randomUUID());
        Path dispatch = Workbooks.sheet("台账").headers(LedgerKind.DISPATCH.columns().stream()
                        .map(org.xiezuo.ledger.sheet.Column::header).toArray(String[]::new))
                .row("1", "孙八", id, null, "区教育局", "教师", "万源市第一中学", LocalDate.of(2021, 3, 1), LocalDate.of(2022, 2, 28),
                        null, "区教育局", null)
                .write("persons-dispatch-" + UUID.randomUUID());
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        // the employment import stops after its rows, inside its transaction, holding its lock
        RowSource held = sink -> {
            List<String> warnings = new XlsxRows(employment, LedgerKind.EMPLOYMENT.columns(), org.xiezuo.ledger.sheet.Limits.defaults())
                    .read(sink);
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return warnings;
        };
        CompletableFuture<ImportOutcome> first = CompletableFuture.supplyAsync(() -> imports.run(office, planId,
                LedgerKind.EMPLOYMENT, new LedgerImports.FileInfo("persons-employment.xlsx", "01"), ImportMode.STRICT, held, null));
        assertThat(holding.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ImportOutcome> second = CompletableFuture.supplyAsync(() -> imports.importFile(office, planId,
                LedgerKind.DISPATCH, dispatch, "persons-dispatch.xlsx", ImportMode.STRICT));
        Thread.sleep(500);
        assertThat(second).as("the dispatch import waits for the employment import's lock").isNotDone();
        release.countDown();
        assertThat(first.get(60, java.util.concurrent.TimeUnit.SECONDS).accepted()).isEqualTo(1);
        ImportOutcome other = second.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(other.rejected()).isEmpty();
        assertThat(other.accepted()).isEqualTo(1);
        assertThat(count("ledger_person")).as("one person, written once").isEqualTo(1);
        assertThat(count("ledger_entry")).isEqualTo(2);
    }

    @Test
    void aFailureMidImportLeavesNothingAndNoLock() {
        EmploymentWorkbook book = cleanOf(new EmploymentWorkbook(17, 600));
        Path file = book.write("employment-crash-" + UUID.randomUUID());
        RowSource failing = sink -> new XlsxRows(file, LedgerKind.EMPLOYMENT.columns(), org.xiezuo.ledger.sheet.Limits.defaults())
                .read((row, values, problems) -> {
                    if (row == 400) throw new IllegalStateException("进程在导入中途终止（模拟）");
                    sink.row(row, values, problems);
                });
        assertThatThrownBy(() -> imports.run(office, planId, LedgerKind.EMPLOYMENT,
                new LedgerImports.FileInfo("crash.xlsx", "00"), ImportMode.STRICT, failing, null))
                .hasMessageContaining("模拟");
        assertThat(count("ledger_entry")).isZero();
        assertThat(count("ledger_person")).isZero();
        assertThat(count("ledger_batch")).isZero();
        assertThat(jobs.recent(planId, 1)).singleElement().satisfies(j -> {
            assertThat(j.status()).isEqualTo(ImportJobs.Status.FAILED);
            assertThat(j.result()).isEqualTo("导入中断，请重新导入");
        });
        ImportOutcome retry = importFile(file, ImportMode.STRICT);
        assertThat(retry.accepted()).isEqualTo(book.distinctSpells());
    }

    // ------------------------------------------------------------------ the other kinds

    @Test
    void otherLedgersDeriveTheirIndicatorsWithExactUnits() {
        importRows(LedgerKind.TRAINING, List.of("培训日期", "培训名称", "主办单位", "培训类别", "培训人数", "其中脱贫人口人数", "培训人次", "其中脱贫人口人次", "填报单位"),
                List.of(new Object[] {LocalDate.of(2021, 4, 1), "电工班", "区人力社保局", "劳动力技能", 40, 10, 80, 25, "区人力社保局"},
                        new Object[] {LocalDate.of(2021, 5, 1), "厨师班", "区人力社保局", "劳动力技能", 30, 5, 30, 5, "区人力社保局"},
                        new Object[] {LocalDate.of(2020, 12, 1), "去年班", "区人力社保局", "劳动力技能", 99, 9, 99, 9, "区人力社保局"},
                        new Object[] {LocalDate.of(2021, 6, 1), "干部班", "区委组织部", "乡村振兴干部", 50, 0, 150, 0, "区委组织部"}));
        importRows(LedgerKind.CONSUMPTION, List.of("采购日期", "采购单位", "渠道", "产品", "金额", "金额单位", "填报单位"),
                List.of(new Object[] {LocalDate.of(2021, 3, 1), "区机关食堂", "机关食堂", "腊肉", "1234567.89", "元", "区商务局"},
                        new Object[] {LocalDate.of(2021, 4, 1), "某超市", "商超", "茶叶", "100", "万元", "区商务局"}));
        importRows(LedgerKind.DISPATCH, List.of("姓名", "身份证号", "派出单位", "接收单位", "开始日期", "计划结束日期", "实际结束日期"),
                List.of(new Object[] {"钱一", ChineseIdsForTests.valid(new java.util.Random(1), 901), "区人民医院", "万源市人民医院",
                                LocalDate.of(2021, 1, 1), LocalDate.of(2021, 12, 31), null},
                        new Object[] {"钱二", ChineseIdsForTests.valid(new java.util.Random(2), 902), "区人民医院", "万源市人民医院",
                                LocalDate.of(2021, 3, 1), LocalDate.of(2021, 8, 31), null},
                        new Object[] {"钱三", ChineseIdsForTests.valid(new java.util.Random(3), 903), "区教育局", "万源中学",
                                LocalDate.of(2021, 3, 1), LocalDate.of(2021, 12, 31), LocalDate.of(2021, 5, 31)}));
        importRows(LedgerKind.PAIRING, List.of("结对类型", "东部结对方", "西部结对方", "签约日期", "终止日期", "认定单位"),
                List.of(new Object[] {"学校", "普陀中学", "万源中学", LocalDate.of(2019, 9, 1), null, "区教育局"},
                        new Object[] {"学校", "普陀中学", "万源二中", LocalDate.of(2021, 9, 1), null, "区教育局"},
                        new Object[] {"学校", "沈家门小学", "万源小学", LocalDate.of(2018, 9, 1), LocalDate.of(2020, 7, 1), "区教育局"}));

        Map<String, BigDecimal> values = derived(YEAR_END);
        assertThat(values.get("11")).isEqualByComparingTo("70");
        assertThat(values.get("12")).isEqualByComparingTo("30");
        assertThat(values.get("31")).isEqualByComparingTo("150");
        assertThat(values.get("14")).isEqualByComparingTo("0.0223456789");
        assertThat(values.get("28")).isEqualByComparingTo("1");   // 12 months
        assertThat(values.get("30")).isEqualByComparingTo("1");   // 3 months (ended early); the 6-month one is in no bucket
        assertThat(values.get("29")).isEqualByComparingTo("0");
        assertThat(values.get("3")).isEqualByComparingTo("1");    // one distinct eastern school still paired
        assertThat(queries.outsideBuckets(office, planId, 0, 50).items()).singleElement()
                .satisfies(e -> assertThat(e.months()).isEqualTo(6));
        assertThat(derived(LocalDate.of(2021, 2, 1)).get("11")).isEqualByComparingTo("0");
    }

    void importRows(LedgerKind kind, List<String> headers, List<Object[]> rows) {
        Workbooks sheet = Workbooks.sheet(kind.label()).headers(headers.toArray(String[]::new));
        rows.forEach(sheet::row);
        ImportOutcome outcome = imports.importFile(office, planId, kind, sheet.write(kind.code() + "-" + UUID.randomUUID()),
                kind.label() + ".xlsx", ImportMode.STRICT);
        assertThat(outcome.rejected()).isEmpty();
        assertThat(outcome.accepted()).isEqualTo(rows.size());
    }
}
