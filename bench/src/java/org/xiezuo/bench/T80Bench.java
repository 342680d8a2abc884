package org.xiezuo.bench;

import static org.xiezuo.bench.LedgerImportBench.out;
import static org.xiezuo.bench.LedgerImportBench.result;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.xiezuo.ledger.ExportSlotsAccess;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ApiTokens;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * SECURITY.md T80 as a benchmark: the whole application with its web server on the benchmark database,
 * a ledger of N workers (default 50,000), four leaders with API tokens. Three of them download the
 * masked export at once over HTTP ({@code GET /api/v1/plans/{id}/ledgers/employment/export.xlsx}, the
 * API's download path: {@code LedgerFilesSupport} with its temporary file, {@code LedgerExports},
 * SXSSF); while the three hold their slots the fourth asks too and must get 503 with "导出任务繁忙，
 * 请稍后". Reported: each export's time (goal ≤ 30 s), the rows of each file, the temporary files in
 * {@code java.io.tmpdir} before, during and after, the audit rows written, and the heap — the JVM's
 * peak heap in use (pool peaks, garbage included) in the timed round, and the live heap (a full GC every
 * 500 ms) in a second round of its own.
 */
final class T80Bench {

    private static final String BUSY = "导出任务繁忙，请稍后";

    private final LedgerExportBench base = new LedgerExportBench();
    private final int rows;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> tokens = new ArrayList<>();
    private String url;

    T80Bench(int rows) {
        this.rows = rows;
    }

    void run() throws Exception {
        Files.createDirectories(base.dir);
        base.open(true);
        base.load(rows);
        out("machine: %s", Machine.describe(base.jdbc));
        out("export slots per instance: %d (xiezuo.ledger.max-concurrent-exports)", ExportSlotsAccess.limit(base.app));
        url = "http://127.0.0.1:" + base.app.getEnvironment().getProperty("local.server.port") + "/api/v1/plans/"
                + base.district.planId() + "/ledgers/employment/export.xlsx";
        long office = base.district.unit("区发改局");
        for (int i = 1; i <= 4; i++) {
            String username = "leader-" + i + "-" + base.district.planId();
            base.app.getBean(AccountAdministration.class).create(Actor.cliAdministrator("bench"),
                    new AccountAdministration.NewAccount(username, "领导" + i, Set.of(Role.LEADER), Set.of(office), null, null,
                            "Tmp-Pass-2026!x"));
            tokens.add(base.app.getBean(ApiTokens.class).create(Actor.user(username, "领导" + i, Set.of(Role.LEADER), Set.of(office),
                    Set.of(base.district.districtId())), "基准", 30).secret());
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));

        Download warm = download(0, base.dir.resolve("t80-warm-up.xlsx"));
        out("warm-up: one export alone, HTTP %d, %.2f s, %d rows", warm.status, warm.seconds, warm.rows);
        Files.deleteIfExists(base.dir.resolve("t80-warm-up.xlsx"));

        Set<String> filesBefore = files(tmp);
        long auditedBefore = audited();
        out("## round 1: three leaders at once, a fourth while they run (timed; no forced GC)");
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
        Round first = round(tmp);
        long peakInUse = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long committed = heapPools().stream().mapToLong(p -> p.getPeakUsage().getCommitted()).sum();
        Set<String> filesAfter = files(tmp);
        long audited = audited() - auditedBefore;
        out("peak heap in use during round 1: %.0f MB (sum of the heap pools' peaks, garbage included; committed %.0f MB; -Xmx%dm)",
                peakInUse / 1e6, committed / 1e6, Runtime.getRuntime().maxMemory() >> 20);
        out("temporary files in java.io.tmpdir (recursive): %d before, at most %d during (%s), %d after; left behind: %s",
                filesBefore.size(), filesBefore.size() + first.tempSeen, first.tempKinds, filesAfter.size(),
                difference(filesAfter, filesBefore));
        out("audit rows LEDGER_EXPORTED written by round 1: %d (3 exports ran, 1 refused)", audited);
        result("t80.max_seconds", first.slowest);
        result("t80.peak_heap_mb", peakInUse / 1e6);
        result("t80.temp_left", difference(filesAfter, filesBefore).size());
        result("t80.audited", audited);
        result("t80.fourth_status", first.fourth);

        out("## round 2: the same three at once, live heap watched (a full GC every 500 ms)");
        LiveHeap watch = new LiveHeap(500);
        Round second = round(tmp);
        watch.close();
        out("live heap: before %.0f MB, peak %.0f MB, growth %.0f MB (three exports of %d rows at once)", watch.baseline() / 1e6,
                watch.peak() / 1e6, (watch.peak() - watch.baseline()) / 1e6, base.rows);
        result("t80.live_heap_growth_mb", (watch.peak() - watch.baseline()) / 1e6);
        out("slowest export of round 2: %.2f s", second.slowest);
        LedgerExportBench.emptyLedgers(base.jdbc);
        base.app.close();
    }

    record Download(int status, double seconds, long bytes, int rows, String body, String retryAfter) {}

    record Round(double slowest, int fourth, int tempSeen, Set<String> tempKinds) {}

    Round round(Path tmp) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Download>> three = new ArrayList<>();
        Set<String> before = files(tmp);
        try {
            for (int i = 0; i < 3; i++) {
                int who = i;
                three.add(pool.submit(() -> download(who, base.dir.resolve("t80-" + who + ".xlsx"))));
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (ExportSlotsAccess.running(base.app) < 3 && System.nanoTime() < deadline) Thread.sleep(5);
            int runningThen = ExportSlotsAccess.running(base.app);
            Download fourth = download(3, null);
            out("  fourth export, sent while %d ran: HTTP %d in %.3f s, Retry-After %s, body %s", runningThen, fourth.status,
                    fourth.seconds, fourth.retryAfter, fourth.body.replaceAll("\\s+", " "));
            if (fourth.status != 503 || !fourth.body.contains(BUSY)) throw new IllegalStateException("the fourth export was not refused");
            int tempSeen = 0;
            Set<String> kinds = new TreeSet<>();
            while (three.stream().anyMatch(f -> !f.isDone())) {
                Set<String> now = difference(files(tmp), before);
                tempSeen = Math.max(tempSeen, now.size());
                now.forEach(f -> kinds.add(f.replaceAll("[0-9]{4,}", "…")));
                Thread.sleep(50);
            }
            double slowest = 0;
            for (int i = 0; i < 3; i++) {
                Download d = three.get(i).get();
                out("  leader %d: HTTP %d, %.2f s, %.1f MB, %d rows", i + 1, d.status, d.seconds, d.bytes / 1e6, d.rows);
                if (d.status != 200 || d.rows != base.rows) throw new IllegalStateException("export " + (i + 1) + " failed");
                slowest = Math.max(slowest, d.seconds);
                Files.deleteIfExists(base.dir.resolve("t80-" + i + ".xlsx"));
            }
            out("  slowest of the three: %.2f s (goal <= 30 s)", slowest);
            return new Round(slowest, fourth.status, tempSeen, kinds);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One export over HTTP into {@code file} (or, for a refusal, into memory). */
    Download download(int who, Path file) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + tokens.get(who)).GET().build();
        long t0 = System.nanoTime();
        if (file == null) {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Download(r.statusCode(), (System.nanoTime() - t0) / 1e9, r.body().length(), 0, r.body(),
                    r.headers().firstValue("Retry-After").orElse("-"));
        }
        HttpResponse<Path> r = http.send(request, HttpResponse.BodyHandlers.ofFile(file));
        double seconds = (System.nanoTime() - t0) / 1e9;
        int rows = 0;
        if (r.statusCode() == 200) {
            try (ReadableWorkbook book = new ReadableWorkbook(file.toFile())) {
                rows = (int) book.getFirstSheet().openStream().count() - 1;
            }
        }
        return new Download(r.statusCode(), seconds, Files.size(file), rows, "", "-");
    }

    long audited() {
        return base.jdbc.queryForObject("select count(*) from audit_event where event_type = 'LEDGER_EXPORTED'", Long.class);
    }

    static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    static Set<String> files(Path dir) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(p -> names.add(dir.relativize(p).toString()));
        } catch (java.io.UncheckedIOException e) {
            // a file vanished while walking: try again
            return files(dir);
        }
        return names;
    }

    static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
