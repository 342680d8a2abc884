package org.xiezuo.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.sheet.Limits;
import org.xiezuo.ledger.sheet.Workbooks;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * SECURITY.md's import cases through the whole import (file → checks → database): each bad input is
 * reported with its row, column and own message, and in strict mode nothing of the file is committed.
 * The parts about single cells and IDs are also tested where they live (ChineseIdsTests,
 * CellValuesTests, LedgerSheetReaderTests); T27 and T63 are in {@link LedgerContract}.
 */
@XiezuoTest
class LedgerImportSecurityTests {

    static final String[] HEADERS = EmploymentWorkbook.HEADERS.toArray(String[]::new);

    @Autowired DocumentImports documents;
    @Autowired PlanQueries planQueries;
    @Autowired LedgerImports imports;
    @Autowired JdbcClient jdbc;

    long planId;
    Actor office;

    @BeforeEach
    void aPlan() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        ScopeFixture district = ScopeFixture.importFor(documents, planQueries, "导入安全测试区" + tag);
        planId = district.planId();
        office = Actor.user("xzb-" + tag, "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")),
                Set.of(district.districtId()));
    }

    static String id(int n) {
        return ChineseIdsForTests.valid(new Random(n), n);
    }

    static Object[] row(String name, Object id, Object phone, Object start, Object end) {
        return new Object[] {"1", name, id, phone, "否", "浙江省", "甲公司", start, end, "区人力社保局", null};
    }

    LedgerRefused refused(Workbooks sheet) {
        Path file = sheet.write("security-" + UUID.randomUUID());
        try {
            imports.importFile(office, planId, LedgerKind.EMPLOYMENT, file, "台账.xlsx", ImportMode.STRICT);
        } catch (LedgerRefused refused) {
            assertNothingWritten();
            return refused;
        }
        throw new AssertionError("the import was not refused");
    }

    void assertNothingWritten() {
        for (String table : List.of("ledger_entry", "ledger_person", "ledger_batch")) {
            assertThat(jdbc.sql("select count(*) from " + table + " where plan_id = :plan").param("plan", planId)
                    .query(Long.class).single()).as(table).isZero();
        }
    }

    static Workbooks employment() {
        return Workbooks.sheet("就业人员").headers(HEADERS);
    }

    @Test
    void t24_aWrongCheckDigitRefusesTheFileWithRowAndColumn() {
        LedgerRefused refused = refused(employment()
                .row(row("张三", "110101199003072316", null, LocalDate.of(2021, 3, 1), null))
                .row(row("李四", "110101199003072315", null, LocalDate.of(2021, 3, 1), null)));
        assertThat(refused.problems()).singleElement().satisfies(p -> {
            assertThat(p.row()).isEqualTo(3);
            assertThat(p.letter()).isEqualTo("C");
            assertThat(p.column()).isEqualTo("身份证号");
            assertThat(p.describe()).isEqualTo("第3行 C列【身份证号】：身份证号校验位错误");
        });
    }

    @Test
    void t25_eachStructuralMistakeGetsItsOwnMessageAndColumn() {
        List<String> ids = List.of("110101199002302319", "11010120991231001X", "11010119900307231", "1101011990030723160",
                "11010119900307231A", "110101 99003072316", "１１０１０１１９９００３０７２３１６", "110101900307231",
                "990101199003072316");
        Workbooks sheet = employment();
        ids.forEach(id -> sheet.row(row("张三", id, null, LocalDate.of(2021, 3, 1), null)));
        LedgerRefused refused = refused(sheet);
        assertThat(refused.problems()).hasSize(ids.size()).allSatisfy(p -> assertThat(p.letter()).isEqualTo("C"));
        assertThat(refused.problems().stream().map(RowProblem::message).collect(Collectors.toSet())).hasSize(ids.size());
    }

    @Test
    void t26_anIdStoredAsANumberIsRefusedAndNeverRepaired() {
        LedgerRefused refused = refused(employment().row(row("张三", 1.10101199003072E17, null, LocalDate.of(2021, 3, 1), null)));
        assertThat(refused.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("数值格式，已丢失末位"));
    }

    @Test
    void t28_phonesAndNamesAreCheckedRowByRow() {
        LedgerRefused refused = refused(employment()
                .row(row("张三", id(1), "1381234567", LocalDate.of(2021, 3, 1), null))
                .row(row("张三", id(2), "23812345678", LocalDate.of(2021, 3, 1), null))
                .row(row("张三", id(3), "+86 13812345678", LocalDate.of(2021, 3, 1), null))
                .row(row("ab", id(4), "13812345678", LocalDate.of(2021, 3, 1), null))
                .row(row("张", id(5), "13812345678", LocalDate.of(2021, 3, 1), null))
                .row(row("张".repeat(31), id(6), "13812345678", LocalDate.of(2021, 3, 1), null))
                .row(row("阿依古丽·买买提", id(7), "13812345678", LocalDate.of(2021, 3, 1), null)));
        assertThat(refused.problems().stream().map(RowProblem::row).toList()).containsExactly(2, 3, 4, 5, 6, 7);
    }

    @Test
    void t29_aTemplateMismatchIsRefusedWhole() {
        LedgerRefused missing = refused(Workbooks.sheet("就业人员").headers("序号", "姓名", "手机号", "是否脱贫人口", "就业省份",
                "就业单位", "就业开始日期").row("1", "张三", null, "否", "浙江省", "甲公司", LocalDate.of(2021, 3, 1)));
        assertThat(missing.getMessage()).isEqualTo("模板不匹配：缺少列【身份证号】");
        ImportOutcome reordered = imports.importFile(office, planId, LedgerKind.EMPLOYMENT,
                Workbooks.sheet("就业人员").headers("身份证号", "就业开始日期", "姓名", "就业单位", "就业省份", "是否脱贫人口")
                        .row(id(9), LocalDate.of(2021, 3, 1), "张三", "甲公司", "浙江省", "否").write("reordered-" + UUID.randomUUID()),
                "台账.xlsx", ImportMode.STRICT);
        assertThat(reordered.accepted()).isEqualTo(1);
    }

    @Test
    void t30_formulasAreRefusedAndHiddenSheetsIgnoredWithAWarning() {
        LedgerRefused refused = refused(employment()
                .row("1", "张三", id(1), null, "否", "浙江省", Workbooks.formula("=1+1", 2), LocalDate.of(2021, 3, 1), null, null, null)
                .row("2", "李四", id(2), null, "否", "浙江省", Workbooks.formula("=WEBSERVICE(\"http://x\")", "x"),
                        LocalDate.of(2021, 3, 1), null, null, null));
        assertThat(refused.problems()).hasSize(2).allSatisfy(p -> assertThat(p.message()).isEqualTo("单元格含公式，不予导入"));
        ImportOutcome hidden = imports.importFile(office, planId, LedgerKind.EMPLOYMENT,
                Workbooks.sheet("隐藏").hidden().headers("x").row("y").then("就业人员").headers(HEADERS)
                        .row(row("张三", id(3), null, LocalDate.of(2021, 3, 1), null)).write("hidden-" + UUID.randomUUID()),
                "台账.xlsx", ImportMode.STRICT);
        assertThat(hidden.fileWarnings()).anySatisfy(w -> assertThat(w).contains("隐藏工作表"));
        assertThat(hidden.accepted()).isEqualTo(1);
    }

    @Test
    void t31_badDatesAndEndBeforeStartAreRefusedEachWithItsMessage() {
        LedgerRefused refused = refused(employment()
                .row(row("张三", id(1), null, "2021-02-30", null))
                .row(row("李四", id(2), null, LocalDate.of(2021, 3, 1), LocalDate.of(2021, 2, 1)))
                .row(row("王五", id(3), null, 44300, null)));
        assertThat(refused.problems()).hasSize(3);
        assertThat(refused.problems().stream().map(RowProblem::message).collect(Collectors.toSet())).hasSize(3);
        assertThat(refused.problems().get(1).message()).contains("早于开始日期");
    }

    @Test
    void t32_personalColumnsOutsideTheTemplateAreRefusedAndStoredNowhere() throws Exception {
        String address = "浙江省舟山市普陀区沈家门街道某路1号";
        LedgerRefused refused = refused(Workbooks.sheet("就业人员")
                .headers(Stream.concat(Stream.of(HEADERS), Stream.of("家庭住址", "银行卡号")).toArray(String[]::new))
                .row("1", "张三", id(1), null, "否", "浙江省", "甲公司", LocalDate.of(2021, 3, 1), null, null, null, address,
                        "6222020200112233445"));
        assertThat(refused.getMessage()).contains("模板外个人信息列，不予导入");
        try (Stream<Path> files = Files.walk(Path.of(System.getProperty("java.io.tmpdir")), 2)) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".tmp") || f.toString().endsWith(".xml"))
                    .filter(f -> { try { return Files.size(f) < 10_000_000 && Files.readString(f).contains(address); }
                                   catch (Exception e) { return false; } })).isEmpty();
        }
        assertThat(jdbc.sql("select count(*) from audit_event where detail like :text").param("text", "%" + address + "%")
                .query(Long.class).single()).isZero();
    }

    @Test
    void t79_aFileOverTheRowLimitIsRefusedBeforeAnythingIsWritten() {
        Path file = Workbooks.streaming("limit-" + UUID.randomUUID(), EmploymentWorkbook.HEADERS, 50_001,
                i -> row("张三", id(i), null, LocalDate.of(2021, 3, 1), null));
        assertThatThrownBy(() -> imports.run(office, planId, LedgerKind.EMPLOYMENT, new LedgerImports.FileInfo("big.xlsx", "00"),
                ImportMode.STRICT, new XlsxRows(file, LedgerKind.EMPLOYMENT.columns(), Limits.defaults().withMaxRows(50_000)), null))
                .isInstanceOf(LedgerRefused.class).hasMessageContaining("行数上限");
        assertNothingWritten();
    }
}
