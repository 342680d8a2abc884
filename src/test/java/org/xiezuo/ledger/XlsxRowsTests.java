package org.xiezuo.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.xiezuo.ledger.sheet.Limits;
import org.xiezuo.ledger.sheet.Workbooks;

/**
 * The read-ahead of {@link XlsxRows}: every row reaches the sink once, in file order, with its cell
 * problems; a sink that throws stops the reading thread and its exception arrives unchanged; a refused
 * file is a {@link LedgerRefused}; the reading thread has always ended when {@code read} returns.
 */
class XlsxRowsTests {

    private static final int ROWS = XlsxRows.BLOCK * (XlsxRows.BLOCKS + 3) + 17; // more than the queue holds

    private static Path workbook(int rows, int badEvery) {
        Workbooks sheet = Workbooks.sheet("台账").headers(EmploymentWorkbook.HEADERS.toArray(String[]::new));
        for (int i = 0; i < rows; i++) {
            Object start = badEvery > 0 && i % badEvery == 0 ? "2021-02-30" : LocalDate.of(2021, 3, 1).plusDays(i % 200);
            sheet.row(String.valueOf(i + 1), "张三", ChineseIdsForTests.valid(new Random(i), i), null, "否", "浙江省", "甲公司",
                    start, null, "区人力社保局", null);
        }
        return sheet.write("xlsx-rows-" + UUID.randomUUID());
    }

    private static XlsxRows rows(Path file) {
        return new XlsxRows(file, LedgerKind.EMPLOYMENT.columns(), Limits.defaults());
    }

    @Test
    void everyRowArrivesOnceInFileOrderWithItsCellProblems() {
        XlsxRows source = rows(workbook(ROWS, 100));
        List<Integer> seen = new ArrayList<>();
        List<Integer> withProblems = new ArrayList<>();
        List<String> warnings = source.read((rowNo, values, problems) -> {
            seen.add(rowNo);
            if (!problems.isEmpty()) {
                withProblems.add(rowNo);
                assertThat(problems).singleElement().satisfies(p -> {
                    assertThat(p.row()).isEqualTo(rowNo);
                    assertThat(p.column()).isEqualTo("就业开始日期");
                });
                assertThat(values).doesNotContainKey("startDate");
            } else {
                assertThat(values.get("name")).isEqualTo("张三");
            }
        });
        assertThat(warnings).isEmpty();
        assertThat(seen).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) assertThat(seen.get(i)).isEqualTo(i + 2);
        assertThat(withProblems).hasSize((ROWS + 99) / 100).first().isEqualTo(2);
        assertThat(source.letterOf("身份证号")).isEqualTo("C");
        assertThat(readers()).isZero();
    }

    @Test
    void aSinkThatThrowsStopsTheReadingAndItsExceptionArrivesUnchanged() {
        XlsxRows source = rows(workbook(ROWS, 0));
        IllegalStateException mine = new IllegalStateException("模拟：检查中断");
        int[] handed = {0};
        assertThatThrownBy(() -> source.read((rowNo, values, problems) -> {
            if (++handed[0] == 300) throw mine;
        })).isSameAs(mine);
        assertThat(handed[0]).isEqualTo(300);
        assertThat(readers()).as("the reading thread has ended").isZero();
    }

    @Test
    void aRefusedFileIsALedgerRefusalAndNoRowArrives() throws Exception {
        Path notXlsx = Files.writeString(Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "xlsx-rows", ".xlsx"), "这不是工作簿");
        List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(() -> rows(notXlsx).read((rowNo, values, problems) -> seen.add(rowNo)))
                .isInstanceOf(LedgerRefused.class);
        assertThat(seen).isEmpty();
        assertThat(readers()).isZero();
    }

    @Test
    void aTemplateMismatchIsRefusedBeforeAnyRow() {
        Path wrong = Workbooks.sheet("台账").headers("姓名", "年龄").row("张三", "30").write("xlsx-rows-wrong-" + UUID.randomUUID());
        List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(() -> rows(wrong).read((rowNo, values, problems) -> seen.add(rowNo)))
                .isInstanceOf(LedgerRefused.class)
                .hasMessageContaining("模板不匹配").hasMessageContaining("年龄");
        assertThat(seen).isEmpty();
    }

    @Test
    void aPreparingSinkPreparesOnAnotherThreadAndTakesTheRowsInFileOrder() {
        XlsxRows source = rows(workbook(ROWS, 0));
        List<Integer> taken = new ArrayList<>();
        java.util.Set<String> preparedOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
        String caller = Thread.currentThread().getName();
        source.read(new RowSource.PreparingSink<Integer>() {
            @Override
            public Integer prepare(int rowNo, java.util.Map<String, Object> values, List<RowProblem> cellProblems) {
                preparedOn.add(Thread.currentThread().getName());
                assertThat(values.get("name")).as("parsed before it is prepared").isEqualTo("张三");
                assertThat(values.get("startDate")).isEqualTo(LocalDate.of(2021, 3, 1).plusDays((rowNo - 2) % 200));
                assertThat(cellProblems).isEmpty();
                return rowNo * 10;
            }

            @Override
            public void prepared(int rowNo, java.util.Map<String, Object> values, List<RowProblem> cellProblems, Integer prepared) {
                assertThat(Thread.currentThread().getName()).isEqualTo(caller);
                assertThat(prepared).isEqualTo(rowNo * 10);
                taken.add(rowNo);
            }
        });
        assertThat(preparedOn).containsExactly("ledger-import-checker");
        assertThat(taken).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) assertThat(taken.get(i)).isEqualTo(i + 2);
        assertThat(readers()).isZero();
    }

    @Test
    void aFailingPreparationArrivesAfterTheRowsBeforeItAndStopsTheReading() {
        XlsxRows source = rows(workbook(ROWS, 0));
        IllegalStateException mine = new IllegalStateException("模拟：准备失败");
        List<Integer> taken = new ArrayList<>();
        assertThatThrownBy(() -> source.read(new RowSource.PreparingSink<Integer>() {
            @Override
            public Integer prepare(int rowNo, java.util.Map<String, Object> values, List<RowProblem> cellProblems) {
                if (rowNo == 1000) throw mine;
                return rowNo;
            }

            @Override
            public void prepared(int rowNo, java.util.Map<String, Object> values, List<RowProblem> cellProblems, Integer prepared) {
                taken.add(rowNo);
            }
        })).isSameAs(mine);
        assertThat(taken).hasSize(1000 - 2).last().isEqualTo(999);
        assertThat(readers()).isZero();
    }

    /** Headers in another order, three optional columns absent: 就业结束日期 is C, 就业开始日期 G. */
    private static final String[] SHUFFLED = {"就业单位", "姓名", "就业结束日期", "身份证号", "是否脱贫人口", "就业省份", "就业开始日期", "填报单位"};

    /**
     * A shuffled workbook of {@code rows} rows: row 3 ends before it starts (found by the mapping), row 4 has
     * no such date (found in the cell), and so has the last row, and the one before it ends before it starts.
     */
    private static Path shuffled(int rows) {
        Workbooks sheet = Workbooks.sheet("台账").headers(SHUFFLED);
        for (int i = 0; i < rows; i++) {
            int rowNo = i + 2;
            Object start = rowNo == 4 || rowNo == rows + 1 ? "2021-02-30" : LocalDate.of(2021, 3, 1);
            Object end = rowNo == 3 || rowNo == rows ? LocalDate.of(2021, 2, 1) : null;
            sheet.row("甲公司", "张三", end, ChineseIdsForTests.valid(new Random(i), i), "否", "浙江省", start, "区人力社保局");
        }
        return sheet.write("xlsx-rows-shuffled-" + UUID.randomUUID());
    }

    private static final RowMapping.Context CONTEXT = new RowMapping.Context() {
        private final org.xiezuo.ledger.personal.PersonalData data =
                new org.xiezuo.ledger.personal.PersonalData(org.xiezuo.ledger.personal.PersonalDataKeys.generateInMemory());
        @Override public Long unitNamed(String name) { return 7L; }
        @Override public Long defaultUnit() { return 7L; }
        @Override public String outOfScope(long unitId) { return null; }
        @Override public String eastProvince() { return "浙江省"; }
        @Override public String westProvince() { return "四川省"; }
        @Override public LocalDate today() { return LocalDate.of(2024, 6, 1); }
        @Override public org.xiezuo.ledger.personal.PersonalData personalData() { return data; }
    };

    /** The import's sink without the database: rows mapped (on the checking thread unless inline), checked in order. */
    private static List<RowProblem> problems(XlsxRows source, boolean inline, List<Integer> drafts) {
        RowMapping mapping = new RowMapping(LedgerKind.EMPLOYMENT, CONTEXT);
        List<RowProblem> rejected = new ArrayList<>();
        RowSource.PreparingSink<LedgerImports.Mapped> sink = new RowSource.PreparingSink<>() {
            @Override
            public LedgerImports.Mapped prepare(int rowNo, java.util.Map<String, Object> values, List<RowProblem> cellProblems) {
                return LedgerImports.mapped(mapping, rowNo, values);
            }

            @Override
            public void prepared(int rowNo, java.util.Map<String, Object> values, List<RowProblem> cellProblems,
                                 LedgerImports.Mapped mapped) {
                EntryDraft draft = LedgerImports.checked(source, cellProblems, mapped, rejected);
                if (draft != null) drafts.add(draft.rowNo());
            }
        };
        source.read(inline ? (RowSource.Sink) sink::row : sink);
        return rejected;
    }

    @Test
    void problemsCarryTheLettersOfTheFileWhereverTheyAreFoundAndAbsentColumnsHaveNone() {
        int rows = ROWS;
        Path file = shuffled(rows);
        String endBeforeStart = "结束日期2021-02-01早于开始日期2021-03-01";
        String noSuchDate = org.xiezuo.ledger.sheet.CellValues.parse(
                new org.xiezuo.ledger.sheet.Cell(org.xiezuo.ledger.sheet.Cell.Kind.TEXT, "2021-02-30", "G", "就业开始日期"),
                LedgerKind.EMPLOYMENT.columns().stream().filter(c -> c.key().equals("startDate")).findFirst().orElseThrow()).message();
        assertThat(noSuchDate).isNotBlank();
        List<RowProblem> expected = List.of(
                new RowProblem(3, "就业结束日期", "C", endBeforeStart),
                new RowProblem(4, "就业开始日期", "G", noSuchDate),
                new RowProblem(rows, "就业结束日期", "C", endBeforeStart),
                new RowProblem(rows + 1, "就业开始日期", "G", noSuchDate));
        for (boolean inline : new boolean[] {false, true}) {
            XlsxRows source = rows(file);
            List<Integer> drafts = new ArrayList<>();
            assertThat(problems(source, inline, drafts)).as(inline ? "mapped on the taking thread" : "mapped on the checking thread")
                    .containsExactlyElementsOf(expected);
            assertThat(drafts).hasSize(rows - 4).first().isEqualTo(2);
            assertThat(drafts).doesNotContain(3, 4, rows, rows + 1);
            assertThat(source.letterOf("就业单位")).isEqualTo("A");
            assertThat(source.letterOf("就业结束日期")).isEqualTo("C");
            assertThat(source.letterOf("就业开始日期")).isEqualTo("G");
            assertThat(source.letterOf("填报单位")).isEqualTo("H");
            assertThat(source.letterOf("手机号")).as("not in the file").isNull();
            assertThat(source.letterOf("序号")).isNull();
            assertThat(source.letterOf("备注")).isNull();
            assertThat(readers()).isZero();
        }
    }

    /**
     * A file that turns out broken part-way (a row number going backwards at row 600): the rows before it
     * arrive, parsed, with their cell problems, then the refusal; the same whether the cells are parsed on
     * the reading thread (a plain sink) or on the checking thread (a preparing sink).
     */
    @Test
    void aFileBrokenPartWayGivesTheRowsBeforeItThenTheRefusalOnEitherPath() {
        Path file = Workbooks.rewrite(workbook(ROWS, 100), "xlsx-rows-broken-" + UUID.randomUUID(), "xl/worksheets/sheet1.xml",
                xml -> {
                    assertThat(xml).contains("<row r=\"600\"");
                    return xml.replace("<row r=\"600\"", "<row r=\"5\"");
                }, java.nio.charset.StandardCharsets.UTF_8);
        for (boolean preparing : new boolean[] {false, true}) {
            List<Integer> taken = new ArrayList<>();
            List<Integer> withProblems = new ArrayList<>();
            RowSource.PreparingSink<Integer> sink = new RowSource.PreparingSink<>() {
                @Override
                public Integer prepare(int rowNo, java.util.Map<String, Object> values, List<RowProblem> cellProblems) {
                    return rowNo;
                }

                @Override
                public void prepared(int rowNo, java.util.Map<String, Object> values, List<RowProblem> cellProblems, Integer prepared) {
                    assertThat(prepared).isEqualTo(rowNo);
                    if (cellProblems.isEmpty()) {
                        assertThat(values.get("startDate")).isInstanceOf(LocalDate.class);
                    } else {
                        assertThat(cellProblems).singleElement()
                                .isEqualTo(new RowProblem(rowNo, "就业开始日期", "H", cellProblems.get(0).message()));
                        withProblems.add(rowNo);
                    }
                    taken.add(rowNo);
                }
            };
            assertThatThrownBy(() -> rows(file).read(preparing ? sink : (RowSource.Sink) sink::row))
                    .as(preparing ? "preparing" : "plain").isInstanceOf(LedgerRefused.class).hasMessageContaining("行号重复或顺序错乱");
            assertThat(taken).hasSize(598).first().isEqualTo(2);
            assertThat(taken).last().isEqualTo(599);
            assertThat(withProblems).containsExactly(2, 102, 202, 302, 402, 502);
            assertThat(readers()).isZero();
        }
    }

    /** What {@link XlsxRows} relies on to parse the cells on another thread: a handed-over row is never reused nor changed. */
    @Test
    void theSheetReaderNeverReusesNorChangesARowItHandedOver() {
        Path file = workbook(ROWS, 100);
        List<org.xiezuo.ledger.sheet.SheetRow> kept = new ArrayList<>();
        List<String> asHanded = new ArrayList<>();
        List<List<org.xiezuo.ledger.sheet.Cell>> cellsAsHanded = new ArrayList<>();
        org.xiezuo.ledger.sheet.LedgerSheetReader.read(file, LedgerKind.EMPLOYMENT.columns(), Limits.defaults(), row -> {
            kept.add(row);
            asHanded.add(row.toString());
            cellsAsHanded.add(List.copyOf(row.cells()));
        });
        assertThat(kept).hasSize(ROWS);
        assertThat(kept.stream().map(System::identityHashCode).distinct().count()).as("a new row each time").isEqualTo(ROWS);
        for (int i = 0; i < ROWS; i++) {
            assertThat(kept.get(i).rowNumber()).isEqualTo(i + 2);
            assertThat(kept.get(i).toString()).isEqualTo(asHanded.get(i));
            assertThat(kept.get(i).cells()).containsExactlyElementsOf(cellsAsHanded.get(i));
        }
        assertThat(kept.get(0).cell("idNumber").raw()).isEqualTo(ChineseIdsForTests.valid(new Random(0), 0));
        assertThat(kept.get(ROWS - 1).cell("idNumber").raw()).isEqualTo(ChineseIdsForTests.valid(new Random(ROWS - 1), ROWS - 1));
    }

    private static long readers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("ledger-import-reader") || t.getName().equals("ledger-import-checker")).count();
    }
}
