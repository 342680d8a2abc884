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

    private static long readers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("ledger-import-reader") || t.getName().equals("ledger-import-checker")).count();
    }
}
