package org.xiezuo.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xiezuo.XiezuoApplication;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.ImportMode;
import org.xiezuo.ledger.ImportOutcome;
import org.xiezuo.ledger.LedgerBenchAccess;
import org.xiezuo.ledger.LedgerImports;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.personal.PersonalData;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.StatementLog;

/**
 * W1 of docs/PERFORMANCE.md for the employment ledger, on the benchmark's own PostgreSQL database.
 * Run by bench/ledger-import.sh; see bench/README.md.
 *
 * <pre>
 * gen  FILE ROWS [inline]          write a generated workbook
 * time FILE ROWS WARMUPS RUNS      R1a (both parsers), parse+check, whole import, R1b (COPY) — timings
 * mem  FILE ROWS                   the same stages once each with the live heap watched (no timings)
 * </pre>
 */
public final class LedgerImportBench {

    static final String URL = System.getProperty("bench.url", "jdbc:postgresql://127.0.0.1:5432/xiezuo_bench");
    static final String USER = System.getProperty("bench.user", "xiezuo");
    static final String PASSWORD = System.getProperty("bench.password", "xiezuo");
    static final LocalDate TODAY = LocalDate.now();

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        switch (args[0]) {
            case "gen" -> {
                long t0 = System.nanoTime();
                EmploymentSheet.Written w = EmploymentSheet.write(Path.of(args[1]), Integer.parseInt(args[2]),
                        args.length > 3 && args[3].equals("inline"), 20261129L);
                out("generated %s: %d rows, %d persons, %d records, %d repeated rows, %.1f MB in %.1f s", w.file(), w.rows(),
                        w.persons(), w.spells(), w.repeats(), w.bytes() / 1e6, (System.nanoTime() - t0) / 1e9);
                result("gen.records", w.spells());
                result("gen.repeats", w.repeats());
                result("gen.persons", w.persons());
                result("gen.mb", w.bytes() / 1e6);
            }
            case "time" -> new LedgerImportBench(Path.of(args[1]), Integer.parseInt(args[2])).time(Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "mem" -> new LedgerImportBench(Path.of(args[1]), Integer.parseInt(args[2])).memory();
            case "import" -> new LedgerImportBench(Path.of(args[1]), Integer.parseInt(args[2])).importOnly();
            case "check" -> new LedgerImportBench(Path.of(args[1]), Integer.parseInt(args[2])).checkOnly(Integer.parseInt(args[3]));
            case "parse" -> new LedgerImportBench(Path.of(args[1]), Integer.parseInt(args[2])).parseOnly(Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), args.length > 5 && args[5].equals("check"));
            case "w2" -> DerivationBench.main(args);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    final Path file;
    final int rows;
    final String tag;
    ConfigurableApplicationContext app;
    JdbcTemplate jdbc;
    Actor office;
    ScopeFixture district;

    LedgerImportBench(Path file, int rows) {
        this.file = file;
        this.rows = rows;
        this.tag = rows >= 1_000_000 ? (rows / 1_000_000) + "M" : (rows / 1000) + "k";
    }

    static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(XiezuoApplication.class).profiles("test").web(WebApplicationType.NONE)
                .initializers(context -> { StatementLog.countOnly(); context.getBeanFactory().addBeanPostProcessor(StatementLog.installer()); })
                .run("--spring.datasource.url=" + URL, "--spring.datasource.username=" + USER,
                        "--spring.datasource.password=" + PASSWORD, "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN", "--logging.level.org.xiezuo=WARN", "--xiezuo.ledger.max-rows=2000000");
    }

    void open() {
        app = start();
        jdbc = app.getBean(JdbcTemplate.class);
        district = ScopeFixture.importFor(app.getBean(DocumentImports.class), app.getBean(PlanQueries.class),
                "基准测试区" + UUID.randomUUID().toString().substring(0, 6));
        office = Actor.user("xzb-bench", "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")),
                Set.of(district.districtId()));
    }

    // ------------------------------------------------------------------ the stages

    ParseFloor.Touched fastexcel() throws Exception { return ParseFloor.fastexcel(file); }

    ParseFloor.Touched poi() throws Exception { return ParseFloor.poi(file); }

    LedgerBenchAccess.Checked check() {
        LedgerBenchAccess.Checked checked = LedgerBenchAccess.parseAndCheck(file, office, district.book(),
                app.getBean(PersonalData.class), TODAY, 2_000_000);
        if (checked.badRows() > 0 || checked.rowsRead() != rows) {
            throw new IllegalStateException("the generated file is not valid: " + checked);
        }
        return checked;
    }

    ImportOutcome importWhole() {
        ImportOutcome outcome = app.getBean(LedgerImports.class).importFile(office, district.planId(), LedgerKind.EMPLOYMENT, file,
                file.getFileName().toString(), ImportMode.STRICT);
        if (outcome.rowsRead() != rows || !outcome.rejected().isEmpty()) throw new IllegalStateException("import: " + outcome.rowsRead());
        return outcome;
    }

    /** Empties the ledger of the benchmark database between two imports (not timed). */
    void emptyLedger() {
        jdbc.execute("truncate ledger_attribution, ledger_entry_before, ledger_entry, ledger_person, ledger_batch,"
                + " ledger_import_job");
    }

    // ------------------------------------------------------------------ timing

    void time(int warmups, int runs) throws Exception {
        open();
        out("machine: %s", Machine.describe(jdbc));
        Map<String, List<Double>> times = new LinkedHashMap<>();
        ImportOutcome last = null;
        long statementsOfLast = 0;
        for (int i = 0; i < warmups + runs; i++) {
            boolean measured = i >= warmups;
            String label = measured ? "run " + (i - warmups + 1) : "warm-up " + (i + 1);
            ParseFloor.Touched fx = timed(times, "R1a fastexcel", measured, label, this::fastexcel);
            ParseFloor.Touched poi = timed(times, "R1a POI SAX", measured, label, this::poi);
            if (fx.cells() != poi.cells() || fx.sum() != poi.sum()) {
                out("  note: parsers disagree: fastexcel %s, POI %s", fx, poi);
            }
            timed(times, "parse+check", measured, label, this::check);
            emptyLedger();
            long before = StatementLog.roundTrips();
            last = timed(times, "import", measured, label, this::importWhole);
            statementsOfLast = StatementLog.roundTrips() - before;
        }
        out("import outcome: read %d, accepted %d, updated %d, duplicates %d; %d JDBC round trips (statements, batches, commits)",
                last.rowsRead(), last.accepted(), last.updated(), last.duplicates(), statementsOfLast);
        result("import.accepted." + tag, last.accepted());
        result("import.duplicates." + tag, last.duplicates());
        result("import.roundtrips." + tag, statementsOfLast);
        Copy copy = new Copy(app.getBean(DataSource.class), district.planId(), file.resolveSibling("copy-" + tag));
        copy.export();
        for (int i = 0; i < warmups + runs; i++) {
            boolean measured = i >= warmups;
            copy.truncate();
            timed(times, "R1b COPY", measured, measured ? "run " + (i - warmups + 1) : "warm-up " + (i + 1), copy::load);
        }
        out("R1b copied %d persons and %d entries", copy.persons, copy.entries);
        copy.delete();
        emptyLedger();

        out("");
        out("%-16s %10s %10s %10s", "stage (" + tag + ")", "median s", "max s", "rows/s");
        Map<String, Double> medians = new LinkedHashMap<>();
        times.forEach((stage, list) -> {
            double median = median(list);
            medians.put(stage, median);
            out("%-16s %10.2f %10.2f %10.0f", stage, median, Collections.max(list), rows / median);
            result("time." + key(stage) + "." + tag, median);
            result("max." + key(stage) + "." + tag, Collections.max(list));
        });
        double r1a = Math.min(medians.get("R1a fastexcel"), medians.get("R1a POI SAX"));
        double r1b = medians.get("R1b COPY");
        out("R1a = %.2f s (%s); R1b = %.2f s", r1a, medians.get("R1a fastexcel") <= medians.get("R1a POI SAX") ? "fastexcel" : "POI",
                r1b);
        out("parse+check / R1a = %.2f (target <= 1.5)", medians.get("parse+check") / r1a);
        out("import / (R1a + R1b) = %.2f (target <= 1.5)", medians.get("import") / (r1a + r1b));
        result("ratio.parse." + tag, medians.get("parse+check") / r1a);
        result("ratio.import." + tag, medians.get("import") / (r1a + r1b));
        app.close();
    }

    /** parse+check alone, {@code times} times: for a profiler (-XX:StartFlightRecording) or a quick look. */
    void checkOnly(int times) throws Exception {
        open();
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (int i = 0; i < times; i++) timed(seconds, "parse+check", true, "run " + (i + 1), this::check);
        app.close();
    }

    /**
     * R1a fastexcel against the sheet reader alone (no row check, rows dropped), interleaved in one JVM; with
     * {@code check} also parse+check (which needs the database). For the parse stage's own ratio.
     */
    void parseOnly(int warmups, int runs, boolean check) throws Exception {
        if (check) open();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (int i = 0; i < warmups + runs; i++) {
            boolean measured = i >= warmups;
            String label = measured ? "run " + (i - warmups + 1) : "warm-up " + (i + 1);
            long cpu0 = threads.getCurrentThreadCpuTime();
            timed(times, "R1a fastexcel", measured, label, this::fastexcel);
            if (measured) times.computeIfAbsent("R1a cpu", k -> new ArrayList<>()).add((threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
            cpu0 = threads.getCurrentThreadCpuTime();
            int read = timed(times, "parse only", measured, label, () -> LedgerBenchAccess.parseOnly(file, 2_000_000));
            if (measured) times.computeIfAbsent("parse cpu", k -> new ArrayList<>()).add((threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
            if (read != rows) throw new IllegalStateException("parse only read " + read + " rows");
            if (check) timed(times, "parse+check", measured, label, this::check);
            // the zip checks the reader runs first (org.xiezuo.shared.SafeArchive), for the share of the parse they take
            org.xiezuo.ledger.sheet.Limits limits = org.xiezuo.ledger.sheet.Limits.defaults();
            timed(times, "SafeArchive", measured, label, () -> new org.xiezuo.shared.SafeArchive(limits.maxZipEntries(),
                    limits.maxInflatedBytes(), limits.minInflateRatio()).inspect(file));
        }
        out("");
        out("%-16s %10s %10s %10s", "stage (" + tag + ")", "median s", "max s", "min s");
        times.forEach((stage, list) -> out("%-16s %10.3f %10.3f %10.3f", stage, median(list), Collections.max(list),
                Collections.min(list)));
        double r1a = median(times.get("R1a fastexcel"));
        out("parse only / R1a = %.2f (thread CPU: %.2f)", median(times.get("parse only")) / r1a,
                median(times.get("parse cpu")) / median(times.get("R1a cpu")));
        if (check) {
            out("parse+check / R1a = %.2f (target <= 1.5)", median(times.get("parse+check")) / r1a);
            app.close();
        }
    }

    /** The whole import alone, once: run with a small -Xmx to show the heap it needs at most. */
    void importOnly() throws Exception {
        open();
        emptyLedger();
        ImportOutcome outcome = timed(new LinkedHashMap<>(), "import", true, "run 1", this::importWhole);
        out("import outcome: read %d, accepted %d, duplicates %d; max heap %d MB", outcome.rowsRead(), outcome.accepted(),
                outcome.duplicates(), Runtime.getRuntime().maxMemory() >> 20);
        emptyLedger();
        app.close();
    }

    // ------------------------------------------------------------------ memory

    void memory() throws Exception {
        open();
        check(); // warm the code paths once, unwatched
        out("idle application: live heap %.0f MB, RSS %d MB", HeapWatch.liveHeap() / 1e6, HeapWatch.rssKb("VmRSS") / 1024);
        result("idle.heap." + tag, HeapWatch.liveHeap() / 1e6);
        result("idle.rss." + tag, HeapWatch.rssKb("VmRSS") / 1024);
        watched("R1a fastexcel", this::fastexcel);
        watched("R1a POI SAX", this::poi);
        watched("parse+check", this::check);
        emptyLedger();
        watched("import", this::importWhole);
        app.close();
    }

    void watched(String stage, Callable<?> work) throws Exception {
        HeapWatch watch = new HeapWatch(1000);
        long t0 = System.nanoTime();
        work.call();
        double seconds = (System.nanoTime() - t0) / 1e9;
        watch.close();
        long rss = HeapWatch.rssKb("VmHWM");
        out("%-14s live heap before %4.0f MB, peak %4.0f MB, growth %4.0f MB; RSS before %4d MB, peak %4d MB (%.0f s with the GCs)",
                stage, watch.baseline() / 1e6, watch.peak() / 1e6, (watch.peak() - watch.baseline()) / 1e6, watch.rssBeforeKb() / 1024,
                rss / 1024, seconds);
        result("heap.peak." + key(stage) + "." + tag, watch.peak() / 1e6);
        result("heap.growth." + key(stage) + "." + tag, (watch.peak() - watch.baseline()) / 1e6);
        result("rss.growth." + key(stage) + "." + tag, (rss - watch.rssBeforeKb()) / 1024.0);
    }

    // ------------------------------------------------------------------ R1b

    /**
     * R1b: the persons and entries the import wrote, exported once with COPY TO (binary, streamed to a
     * file under target/), then loaded with COPY FROM STDIN (FORMAT BINARY) into tables made LIKE
     * ledger_person and ledger_entry INCLUDING ALL (same columns, identity, defaults, checks, unique
     * constraints and indexes) plus the same foreign keys, in one transaction, commit included.
     */
    static final class Copy {
        final DataSource dataSource;
        final long planId;
        final Path dir;
        long persons;
        long entries;

        Copy(DataSource dataSource, long planId, Path dir) {
            this.dataSource = dataSource;
            this.planId = planId;
            this.dir = dir;
        }

        void export() throws Exception {
            Files.createDirectories(dir);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("drop table if exists bench_entry");
                s.execute("drop table if exists bench_person");
                s.execute("create table bench_person (like ledger_person including all)");
                s.execute("alter table bench_person add foreign key (plan_id) references plan (id) on delete cascade");
                s.execute("create table bench_entry (like ledger_entry including all)");
                s.execute("alter table bench_entry add foreign key (plan_id) references plan (id) on delete cascade,"
                        + " add foreign key (person_id) references bench_person (id),"
                        + " add foreign key (unit_id) references unit (id),"
                        + " add foreign key (batch_id) references ledger_batch (id)");
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                try (OutputStream out = Files.newOutputStream(dir.resolve("person.bin"))) {
                    copy.copyOut("copy (select * from ledger_person where plan_id = " + planId + " order by id) to stdout (format binary)", out);
                }
                try (OutputStream out = Files.newOutputStream(dir.resolve("entry.bin"))) {
                    copy.copyOut("copy (select * from ledger_entry where plan_id = " + planId + " order by id) to stdout (format binary)", out);
                }
            }
        }

        void truncate() throws Exception {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("truncate bench_entry, bench_person");
            }
        }

        Object load() throws Exception {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                try (InputStream in = Files.newInputStream(dir.resolve("person.bin"))) {
                    persons = copy.copyIn("copy bench_person from stdin (format binary)", in, 1 << 16);
                }
                try (InputStream in = Files.newInputStream(dir.resolve("entry.bin"))) {
                    entries = copy.copyIn("copy bench_entry from stdin (format binary)", in, 1 << 16);
                }
                c.commit();
            }
            return null;
        }

        void delete() throws Exception {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("drop table if exists bench_entry");
                s.execute("drop table if exists bench_person");
            }
            Files.deleteIfExists(dir.resolve("person.bin"));
            Files.deleteIfExists(dir.resolve("entry.bin"));
            Files.deleteIfExists(dir);
        }
    }

    // ------------------------------------------------------------------ helpers

    static <T> T timed(Map<String, List<Double>> times, String stage, boolean measured, String label, Callable<T> work)
            throws Exception {
        long t0 = System.nanoTime();
        T result = work.call();
        double seconds = (System.nanoTime() - t0) / 1e9;
        out("  %-10s %-16s %8.2f s", label, stage, seconds);
        if (measured) times.computeIfAbsent(stage, s -> new ArrayList<>()).add(seconds);
        return result;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String key(String stage) {
        return stage.replaceAll("[^A-Za-z0-9]+", "_").toLowerCase(Locale.ROOT);
    }

    static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    /** A machine-readable line the script collects. */
    static void result(String key, Object value) {
        System.out.println("RESULT " + key + " " + (value instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : value));
    }
}
