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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.xiezuo.XiezuoApplication;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.LedgerExports;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.LedgerQueries;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * W5 of docs/PERFORMANCE.md (ledger export against R5a; the plan's table and bulletin against R5b) and
 * SECURITY.md T80 (three concurrent exports, a fourth refused), on the benchmark's own PostgreSQL
 * database. Run by bench/ledger-export.sh; see bench/README.md.
 *
 * <pre>
 * xlsx WARMUPS RUNS BIG_RUNS SIZES…   per size (one JVM, smallest first): load the records, Xiezuo's export vs R5a
 *                             — timings, then the live heap; sizes of 1M and more get no warm-up (the JVM is warm from
 *                             the smaller size), BIG_RUNS runs, only the faster R5a writer and the live heap of Xiezuo's
 *                             export alone (a full GC every 5 s), to keep the run within minutes
 * word ROWS WARMUPS RUNS     the seed plan's table and bulletin; the bulletin with ROWS and 10 × ROWS indicator rows vs R5b
 * t80 ROWS                   three leaders export ROWS records at once over HTTP; a fourth is refused
 * </pre>
 */
public final class LedgerExportBench {

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    static void run(String[] args) throws Exception {
        switch (args[0]) {
            case "xlsx" -> new LedgerExportBench().xlsx(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    java.util.Arrays.stream(args, 4, args.length).mapToInt(Integer::parseInt).toArray());
            case "word" -> WordBench.run(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]));
            case "t80" -> new T80Bench(Integer.parseInt(args[1])).run();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    int rows;
    String tag;
    final Path dir = Path.of(System.getProperty("bench.dir", "target/bench"));
    ConfigurableApplicationContext app;
    JdbcTemplate jdbc;
    Actor office;
    ScopeFixture district;

    static String tag(int rows) {
        return rows >= 1_000_000 ? (rows / 1_000_000) + "M" : (rows / 1000) + "k";
    }

    static ConfigurableApplicationContext start(boolean web) {
        return new SpringApplicationBuilder(XiezuoApplication.class).profiles("test")
                .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                .run("--spring.datasource.url=" + LedgerImportBench.URL, "--spring.datasource.username=" + LedgerImportBench.USER,
                        "--spring.datasource.password=" + LedgerImportBench.PASSWORD, "--spring.main.banner-mode=off",
                        "--server.port=0", "--logging.level.root=WARN", "--logging.level.org.xiezuo=WARN");
    }

    /** Starts the application and imports the seed plan for a district of its own. */
    void open(boolean web) {
        app = start(web);
        jdbc = app.getBean(JdbcTemplate.class);
        emptyLedgers(jdbc);
        district = ScopeFixture.importFor(app.getBean(DocumentImports.class), app.getBean(PlanQueries.class),
                "导出基准区" + UUID.randomUUID().toString().substring(0, 6));
        office = Actor.user("xzb-bench", "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")),
                Set.of(district.districtId()));
    }

    /** Empties the ledgers and loads {@code n} employment records into the plan (not timed against anything). */
    void load(int n) {
        emptyLedgers(jdbc);
        rows = n;
        tag = tag(n);
        PlanBook.Header plan = district.book().plan();
        long t0 = System.nanoTime();
        EmploymentRows.load(new NamedParameterJdbcTemplate(jdbc), district.planId(), district.unit("区人力社保局"),
                plan.eastProvince(), plan.westProvince(), n);
        out("loaded %d employment records (persons, entries, attributions; SQL generate_series, then ANALYZE) in %.1f s", n,
                (System.nanoTime() - t0) / 1e9);
    }

    static void emptyLedgers(JdbcTemplate jdbc) {
        jdbc.execute("truncate ledger_attribution, ledger_entry_before, ledger_entry, ledger_person, ledger_batch,"
                + " ledger_import_job");
    }

    Map<Long, String> unitNames() {
        return district.book().units().stream().collect(Collectors.toMap(PlanBook.UnitRow::id, PlanBook.UnitRow::name));
    }

    // ------------------------------------------------------------------ the stages

    /** Xiezuo's masked export, as the download runs it: {@code LedgerExports.export} into a buffered file stream. */
    int xiezuo(Path file) throws Exception {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            return app.getBean(LedgerExports.class).export(office, district.planId(), LedgerKind.EMPLOYMENT,
                    LedgerQueries.Filter.none(), false, out);
        }
    }

    Callable<Integer> stage(String name, WriteFloor floor) {
        Path file = dir.resolve("export-" + tag + "-" + key(name) + ".xlsx");
        return () -> {
            int n = switch (name) {
                case "Xiezuo export" -> xiezuo(file);
                case "R5a fastexcel" -> floor.fastexcel(file);
                case "R5a SXSSF" -> floor.sxssf(file);
                case "query only" -> floor.readOnly();
                default -> throw new IllegalArgumentException(name);
            };
            if (n != rows) throw new IllegalStateException(name + " wrote " + n + " rows, not " + rows);
            sizes.put(name, Files.exists(file) ? Files.size(file) : 0L);
            Files.deleteIfExists(file);
            return n;
        };
    }

    final Map<String, Long> sizes = new LinkedHashMap<>();

    void xlsx(int warmups, int runs, int bigRuns, int[] sizeList) throws Exception {
        Files.createDirectories(dir);
        open(false);
        out("machine: %s", Machine.describe(jdbc));
        String faster = "R5a fastexcel";
        Map<String, Map<String, Double>> bySize = new LinkedHashMap<>();
        Map<String, Double> heapBySize = new LinkedHashMap<>();
        for (int n : sizeList) {
            load(n);
            boolean big = n >= 1_000_000;
            WriteFloor floor = new WriteFloor(app.getBean(DataSource.class), district.planId(), unitNames());
            List<String> stages = big ? List.of("Xiezuo export", faster, "query only")
                    : List.of("Xiezuo export", "R5a fastexcel", "R5a SXSSF", "query only");
            int w = big ? 0 : warmups;
            int r = big ? bigRuns : runs;
            out("## %s rows: %d warm-up(s), %d measured run(s), stages interleaved", tag, w, r);
            Map<String, List<Double>> times = new LinkedHashMap<>();
            for (int i = 0; i < w + r; i++) {
                boolean measured = i >= w;
                String label = measured ? "run " + (i - w + 1) : "warm-up " + (i + 1);
                for (String stage : stages) timed(times, stage, measured, label, stage(stage, floor));
            }
            out("");
            out("%-16s %10s %10s %10s %10s", "stage (" + tag + ")", "median s", "max s", "rows/s", "file MB");
            Map<String, Double> medians = new LinkedHashMap<>();
            times.forEach((stage, list) -> {
                double median = median(list);
                medians.put(stage, median);
                out("%-16s %10.2f %10.2f %10.0f %10.1f", stage, median, Collections.max(list), rows / median,
                        sizes.getOrDefault(stage, 0L) / 1e6);
                result("time." + key(stage) + "." + tag, median);
                result("max." + key(stage) + "." + tag, Collections.max(list));
            });
            if (!big) faster = medians.get("R5a fastexcel") <= medians.get("R5a SXSSF") ? "R5a fastexcel" : "R5a SXSSF";
            double r5a = medians.get(faster);
            medians.put("R5a", r5a);
            bySize.put(tag, medians);
            out("R5a = %.2f s (%s%s)", r5a, faster.substring(4), big ? ", the faster writer at the smaller size" : ", the faster of the two");
            out("Xiezuo export / R5a = %.2f (target <= 1.5)", medians.get("Xiezuo export") / r5a);
            result("r5a." + tag, r5a);
            result("ratio.export." + tag, medians.get("Xiezuo export") / r5a);

            out("## %s rows: live heap (a full GC every %d s, the heap it leaves; runs of their own, after the timed ones)", tag,
                    big ? 5 : 1);
            out("idle application: live heap %.0f MB, RSS %d MB", LiveHeap.now() / 1e6, HeapWatch.rssKb("VmRSS") / 1024);
            for (String stage : big ? List.of("Xiezuo export") : List.of("Xiezuo export", "R5a fastexcel", "R5a SXSSF")) {
                double peak = watched(stage, stage(stage, floor), big ? 5000 : 1000);
                if (stage.equals("Xiezuo export")) heapBySize.put(tag, peak);
            }
        }
        if (sizeList.length >= 2) {
            String small = tag(sizeList[0]);
            String large = tag(sizeList[sizeList.length - 1]);
            double factor = (double) sizeList[sizeList.length - 1] / sizeList[0];
            out("## scaling %s -> %s (%.0f x the rows)", small, large, factor);
            for (String stage : List.of("Xiezuo export", "R5a", "query only")) {
                double ratio = bySize.get(large).get(stage) / bySize.get(small).get(stage);
                out("t(%s) / t(%s), %-14s %.1f%s", large, small, stage, ratio, stage.equals("Xiezuo export") ? " (target <= 12)" : "");
                result("scaling." + key(stage), ratio);
            }
            double heap = heapBySize.get(large) / heapBySize.get(small);
            out("live heap at peak, Xiezuo export: %.0f MB at %s, %.0f MB at %s: %.2f x (target <= 1.2)", heapBySize.get(small), small,
                    heapBySize.get(large), large, heap);
            result("scaling.heap", heap);
        }
        emptyLedgers(jdbc);
        app.close();
    }

    /** Runs the stage once with the live heap watched; returns the peak in MB. */
    double watched(String stage, Callable<?> work, long periodMillis) throws Exception {
        LiveHeap watch = new LiveHeap(periodMillis);
        long t0 = System.nanoTime();
        work.call();
        double seconds = (System.nanoTime() - t0) / 1e9;
        watch.close();
        out("%-14s live heap before %4.0f MB, peak %4.0f MB, growth %4.0f MB (%.0f s with the GCs)", stage, watch.baseline() / 1e6,
                watch.peak() / 1e6, (watch.peak() - watch.baseline()) / 1e6, seconds);
        result("heap.peak." + key(stage) + "." + tag, watch.peak() / 1e6);
        result("heap.growth." + key(stage) + "." + tag, (watch.peak() - watch.baseline()) / 1e6);
        return watch.peak() / 1e6;
    }
}
