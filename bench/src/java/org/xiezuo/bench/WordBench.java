package org.xiezuo.bench;

import static org.xiezuo.bench.LedgerImportBench.key;
import static org.xiezuo.bench.LedgerImportBench.median;
import static org.xiezuo.bench.LedgerImportBench.out;
import static org.xiezuo.bench.LedgerImportBench.result;
import static org.xiezuo.bench.LedgerImportBench.timed;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xiezuo.assessment.Assessment;
import org.xiezuo.assessment.Figures;
import org.xiezuo.assessment.IndicatorResult;
import org.xiezuo.export.BulletinData;
import org.xiezuo.export.BulletinDocument;
import org.xiezuo.export.BulletinText;
import org.xiezuo.export.ExportBenchAccess;
import org.xiezuo.export.Exports;

/**
 * W5's Word part and the seed plan's export times. The seed plan as the export tests know it
 * ({@code ExportFixture}: two approved figures, a 300-person employment ledger), assessed as of
 * 2021-11-30: the assessment, the indicator table (.xlsx) and the bulletin (.docx) through
 * {@link Exports} (the bulletin's data — a query per unit for its tasks' latest status — and the audit
 * row included), and the bulletin document alone from the same data. Then the bulletin of a synthetic assessment — the seed's
 * assessment with its indicator rows repeated to N and to 10 × N rows (so the table and the category
 * paragraphs grow) — through {@link BulletinDocument}, against R5b: plain POI XWPF writing the same
 * paragraphs and building the same table row by row, no fonts, sizes, spacing, page set-up or footers.
 */
final class WordBench {

    private static final String TABLE_AFTER = "各指标完成情况见下表（完成率不封顶）。";
    private static final List<String> HEADERS = List.of("序号", "指标", "单位", "目标", "完成数", "完成率", "状态");

    private WordBench() {}

    static void run(int n, int warmups, int runs) throws Exception {
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench"));
        Files.createDirectories(dir);
        ConfigurableApplicationContext app = LedgerExportBench.start(false);
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        LedgerExportBench.emptyLedgers(jdbc);
        out("machine: %s", Machine.describe(jdbc));
        ExportBenchAccess.Seed seed = ExportBenchAccess.seed(app);
        Exports exports = app.getBean(Exports.class);
        Assessment assessment = exports.assessment(seed.office(), seed.planId(), ExportBenchAccess.AS_OF);
        BulletinData base = exports.bulletinData(seed.office(), assessment);
        out("seed plan: %d indicators, %d categories, %d units with tasks, %d outstanding reports", assessment.indicators().size(),
                assessment.categories().size(), base.tasks().size(), base.outstanding().size());

        Map<String, Callable<?>> stages = new LinkedHashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        stages.put("seed assessment", () -> exports.assessment(seed.office(), seed.planId(), ExportBenchAccess.AS_OF));
        stages.put("seed table xlsx", file(dir, sizes, "seed table xlsx", out -> exports.table(seed.office(), assessment, out)));
        stages.put("seed bulletin docx", file(dir, sizes, "seed bulletin docx", out -> exports.bulletin(seed.office(), assessment, out)));
        stages.put("seed bulletin doc", file(dir, sizes, "seed bulletin doc", out -> BulletinDocument.write(base, out)));
        stages.put("seed R5b", file(dir, sizes, "seed R5b", out -> plain(base, out)));
        for (int rows : new int[] {n, 10 * n}) {
            BulletinData data = new BulletinData(repeated(assessment, rows), base.outstanding(), base.tasks());
            stages.put("bulletin " + rows, file(dir, sizes, "bulletin " + rows, out -> BulletinDocument.write(data, out)));
            stages.put("R5b " + rows, file(dir, sizes, "R5b " + rows, out -> plain(data, out)));
        }
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (int i = 0; i < warmups + runs; i++) {
            boolean measured = i >= warmups;
            String label = measured ? "run " + (i - warmups + 1) : "warm-up " + (i + 1);
            for (Map.Entry<String, Callable<?>> stage : stages.entrySet()) timed(times, stage.getKey(), measured, label, stage.getValue());
        }
        out("");
        out("%-20s %10s %10s %10s", "stage", "median s", "max s", "file kB");
        Map<String, Double> medians = new LinkedHashMap<>();
        times.forEach((stage, list) -> {
            double median = median(list);
            medians.put(stage, median);
            out("%-20s %10.3f %10.3f %10.0f", stage, median, Collections.max(list), sizes.getOrDefault(stage, 0L) / 1e3);
            result("time." + key(stage), median);
        });
        out("seed bulletin (Exports.bulletin: data, document, audit row) / seed R5b = %.2f; the document alone / R5b = %.2f (target <= 2)",
                medians.get("seed bulletin docx") / medians.get("seed R5b"), medians.get("seed bulletin doc") / medians.get("seed R5b"));
        for (int rows : new int[] {n, 10 * n}) {
            double ratio = medians.get("bulletin " + rows) / medians.get("R5b " + rows);
            out("bulletin %d rows / R5b = %.2f (target <= 2)", rows, ratio);
            result("ratio.bulletin." + rows, ratio);
        }
        double scaling = medians.get("bulletin " + 10 * n) / medians.get("bulletin " + n);
        out("bulletin t(%d) / t(%d) = %.1f (target <= 12); R5b: %.1f", 10 * n, n, scaling,
                medians.get("R5b " + 10 * n) / medians.get("R5b " + n));
        result("scaling.bulletin", scaling);
        app.close();
    }

    interface Body {
        void write(OutputStream out) throws Exception;
    }

    static Callable<Object> file(Path dir, Map<String, Long> sizes, String name, Body body) {
        Path file = dir.resolve("word-" + key(name) + (name.contains("xlsx") ? ".xlsx" : ".docx"));
        return () -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                body.write(out);
            }
            sizes.put(name, Files.size(file));
            Files.delete(file);
            return null;
        };
    }

    /** The assessment with its indicator rows repeated, in order, to {@code rows} rows. */
    static Assessment repeated(Assessment a, int rows) {
        List<IndicatorResult> indicators = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) indicators.add(a.indicators().get(i % a.indicators().size()));
        return new Assessment(a.plan(), a.asOf(), a.knownOn(), a.rules(), a.timeProgress(), a.score(), a.grade(), indicators,
                a.categories(), a.units());
    }

    /** R5b: the same title, paragraphs and table text with plain XWPF, the table built row by row. */
    static void plain(BulletinData data, OutputStream out) throws Exception {
        Assessment a = data.assessment();
        try (XWPFDocument doc = new XWPFDocument()) {
            doc.createParagraph().createRun().setText(BulletinText.title(a));
            doc.createParagraph().createRun().setText(BulletinText.dateLine(a));
            for (BulletinText.Block block : BulletinText.blocks(data)) {
                doc.createParagraph().createRun().setText(block.text());
                if (!block.text().equals(TABLE_AFTER)) continue;
                XWPFTable table = doc.createTable();
                XWPFTableRow header = table.getRow(0);
                header.getCell(0).setText(HEADERS.get(0));
                for (int c = 1; c < HEADERS.size(); c++) header.addNewTableCell().setText(HEADERS.get(c));
                for (IndicatorResult i : a.indicators()) {
                    XWPFTableRow row = table.createRow();
                    row.getCell(0).setText(i.indicator().code() == null ? "" : i.indicator().code());
                    row.getCell(1).setText(i.indicator().name());
                    row.getCell(2).setText(i.indicator().measureUnit() == null ? "" : i.indicator().measureUnit());
                    row.getCell(3).setText(i.target() == null ? i.indicator().targetLabel() : Figures.number(i.target()));
                    row.getCell(4).setText(Figures.number(i.actual()));
                    row.getCell(5).setText(Figures.percent(i.completion()));
                    row.getCell(6).setText(i.status().label());
                }
            }
            doc.write(out);
        }
    }
}
