package org.xiezuo.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.xiezuo.bench.OpenLoad.Outcome;
import org.xiezuo.bench.OpenLoad.Recorder;
import org.xiezuo.bench.OpenLoad.Run;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * SECURITY.md T78, deadline rush, on the reporting API with personal access tokens: 25 units × 3 reporters
 * saving the lines of their unit's June report (each reporter with the versions its own screen last
 * showed, so reporters of one unit collide as people do and get 409s), opening the sheet, submitting;
 * each unit's head approving submissions at the unit step, the coordinators returning them (so every unit
 * keeps cycling between editable and under review), leaders reading the plan's actuals. Operation mix
 * (per cent): save value 60, save task 15, sheet 7, submit 1, unit head 6, coordinator 6, leader 5.
 * Checked after each rate: p95 of the saves, 5xx answers, lost updates (for every line, the final version
 * in the database minus the version before the run must equal the saves answered 200), and the server log
 * for "Connection is not available" (HikariCP running dry).
 */
final class T78Load {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAVE_VALUE = "POST save value";
    private static final String SAVE_TASK = "POST save task";

    private final WebClient web;
    private final Properties fixture;
    private final List<Unit> units = new ArrayList<>();
    private final List<String> leaders;
    private final long leaderPlan;
    private final AtomicInteger fiveHundreds = new AtomicInteger();

    /** A unit of T78 and what its reporters' screens show. */
    final class Unit {
        final long id;
        final long plan;
        final long period;
        final long report;
        final long[] indicators;
        final long[] tasks;
        final String[] reporters;
        final String head;
        final String office;
        /** Per reporter: line key ("i" or "t" + id) → the version that reporter last saw. */
        final List<Map<String, Integer>> seen = new ArrayList<>();

        Unit(long id) {
            String key = "t78.unit." + id;
            this.id = id;
            this.plan = Long.parseLong(fixture.getProperty(key + ".plan"));
            this.period = Long.parseLong(fixture.getProperty(key + ".period"));
            this.report = Long.parseLong(fixture.getProperty(key + ".report"));
            this.indicators = ids(fixture.getProperty(key + ".indicators"));
            this.tasks = ids(fixture.getProperty(key + ".tasks"));
            this.reporters = fixture.getProperty(key + ".reporters").split(",");
            this.head = fixture.getProperty(key + ".head");
            this.office = fixture.getProperty("t78.office." + plan);
            for (int k = 0; k < reporters.length; k++) seen.add(new ConcurrentHashMap<>());
        }

        String sheet() {
            return "/api/v1/periods/" + period + "/units/" + id;
        }
    }

    /** Saves answered 200 per line ("i"/"t" + report + ":" + indicator or task), and saves never answered. */
    private final Map<String, AtomicInteger> saved = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> unanswered = new ConcurrentHashMap<>();
    /** The line versions the 200 answers gave: two saves answered with the same version would be a lost update. */
    private final Map<String, java.util.Set<Integer>> answeredVersions = new ConcurrentHashMap<>();
    private final AtomicInteger duplicates = new AtomicInteger();

    T78Load(WebClient web, Properties fixture) {
        this.web = web;
        this.fixture = fixture;
        for (long id : ids(fixture.getProperty("t78.units"))) units.add(new Unit(id));
        this.leaders = List.of(fixture.getProperty("t78.leaders").split(","));
        this.leaderPlan = Long.parseLong(fixture.getProperty("plan"));
    }

    private static long[] ids(String list) {
        return list == null || list.isBlank() ? new long[0] : Arrays.stream(list.split(",")).mapToLong(Long::parseLong).toArray();
    }

    void run(double[] rates) throws Exception {
        int users = units.stream().mapToInt(u -> u.reporters.length + 1).sum() + 2 + leaders.size();
        WebLoad.out("T78: %d units, %d users (reporters, unit heads, 2 coordinators, %d leaders), %d indicator and %d task lines",
                units.size(), users, leaders.size(), units.stream().mapToInt(u -> u.indicators.length).sum(),
                units.stream().mapToInt(u -> u.tasks.length).sum());
        for (double rate : rates) {
            for (Unit unit : units) refreshAll(unit);
            Map<String, Integer> before = versions();
            saved.clear();
            unanswered.clear();
            answeredVersions.clear();
            duplicates.set(0);
            fiveHundreds.set(0);
            long logFrom = logSize();
            WebLoad.quiet();
            var meter = RequestCpuMeter.read(web);
            Run run = OpenLoad.run("t78", rate, WebLoad.WARMUP, WebLoad.SECONDS, WebLoad.MAX_IN_FLIGHT, WebLoad.DRAIN, this::operation);
            var cpu = RequestCpuMeter.between(meter, RequestCpuMeter.read(web));
            System.out.print(OpenLoad.describe(run));
            System.out.print(RequestCpuMeter.describe(cpu));
            Map<String, Integer> after = versions();
            // lost update: a line whose version moved by less than the saves answered 200 (or two 200s with one
            // version); a save never answered may or may not have happened, so it widens what is accepted
            int lost = 0;
            int unexplained = 0;
            int lines = 0;
            int total = 0;
            int pending = 0;
            for (var e : after.entrySet()) {
                int n = saved.getOrDefault(e.getKey(), new AtomicInteger()).get();
                int maybe = unanswered.getOrDefault(e.getKey(), new AtomicInteger()).get();
                int delta = e.getValue() - before.getOrDefault(e.getKey(), 0);
                total += n;
                pending += maybe;
                if (n > 0 || delta > 0) lines++;
                if (delta < n) {
                    lost++;
                    if (lost <= 5) WebLoad.out("  LOST UPDATE on line %s: %d saves answered 200, version moved by %d", e.getKey(), n, delta);
                } else if (delta > n + maybe) {
                    unexplained++;
                }
            }
            lost += duplicates.get();
            String pool = poolMessages(logFrom);
            String key = "t78." + (long) rate;
            OpenLoad.Series save = run.recorder().series(SAVE_VALUE);
            WebLoad.out("  saves answered 200 (warm-up included): %d on %d lines, %d saves unanswered (time-out); lost updates: %d "
                    + "(lines moved by fewer versions than their 200s, or two 200s with one version); lines moved by more than "
                    + "their saves could explain: %d; 5xx answers: %d; %s", total, lines, pending, lost, unexplained, fiveHundreds.get(),
                    pool);
            WebLoad.result(key + ".save.p95", save.percentile(95));
            WebLoad.result(key + ".save.p99", save.percentile(99));
            WebLoad.result(key + ".save.throughput", run.throughput(SAVE_VALUE));
            WebLoad.result(key + ".task.p95", run.recorder().series(SAVE_TASK).percentile(95));
            WebLoad.result(key + ".errors", run.errors());
            WebLoad.result(key + ".5xx", fiveHundreds.get());
            WebLoad.result(key + ".lost", lost);
            WebLoad.result(key + ".unexplained", unexplained);
            WebLoad.result(key + ".pool", pool.startsWith("no ") ? 0 : 1);
            WebLoad.noise(key, run);
            Thread.sleep(3000);
        }
    }

    /**
     * PERFORMANCE.md W4's POST: one progress-report save (validate and write one line) per operation, at
     * each rate until p99 &gt; 100 ms, an error or &lt; 95 % answered — the same rule as R4's ladder. Every
     * report is made editable first (a submission approved by the unit head and returned by the coordinator); each operation
     * saves a line no other save has in flight, with the version the last answer gave, so a 409 is a
     * failure of the step, not a collision the harness made.
     */
    void saveLadder(double[] rates) throws Exception {
        for (Unit unit : units) editable(unit);
        List<long[]> lines = new ArrayList<>();  // {unit index, indicator}
        for (int u = 0; u < units.size(); u++) for (long indicator : units.get(u).indicators) lines.add(new long[] {u, indicator});
        Map<Integer, Integer> version = new ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicIntegerArray busy = new java.util.concurrent.atomic.AtomicIntegerArray(lines.size());
        String type = "POST save value";
        WebLoad.out("save: %d indicator lines of %d units, one reporter each, no two saves of one line at once", lines.size(), units.size());
        double best = 0;
        for (double rate : rates) {
            for (Unit unit : units) refreshAll(unit);
            for (int i = 0; i < lines.size(); i++) {
                Unit unit = units.get((int) lines.get(i)[0]);
                version.put(i, unit.seen.get(0).getOrDefault("i" + lines.get(i)[1], 0));
            }
            WebLoad.quiet();
            var meter = RequestCpuMeter.read(web);
            Run run = OpenLoad.run("save", rate, WebLoad.WARMUP, WebLoad.SECONDS, WebLoad.MAX_IN_FLIGHT, WebLoad.DRAIN, (due, index, recorder) -> {
                int start = ThreadLocalRandom.current().nextInt(lines.size());
                int line = -1;
                for (int j = 0; j < lines.size() && line < 0; j++) {
                    int candidate = (start + j) % lines.size();
                    if (busy.compareAndSet(candidate, 0, 1)) line = candidate;
                }
                if (line < 0) {
                    recorder.record(type, due, due, Outcome.ERROR, "every line has a save in flight");
                    return CompletableFuture.completedFuture(null);
                }
                int chosen = line;
                Unit unit = units.get((int) lines.get(chosen)[0]);
                String body = "{\"value\":\"" + (index % 90 + 1) + "\",\"note\":\"基准\",\"reason\":\"基准\",\"version\":"
                        + version.get(chosen) + "}";
                return web.async(json(unit.sheet() + "/indicators/" + lines.get(chosen)[1], unit.reporters[0], body)).handle((r, e) -> {
                    if (r != null && r.statusCode() == 200) version.put(chosen, JSON.readTree(r.body()).get("lineVersion").asInt());
                    else if (r != null && r.statusCode() == 409) version.put(chosen, version.get(chosen)); // reported below as an error
                    judge(type, r, e, due, due, recorder, false);
                    busy.set(chosen, 0);
                    return (Void) null;
                });
            });
            var cpu = RequestCpuMeter.between(meter, RequestCpuMeter.read(web));
            System.out.print(OpenLoad.describe(run));
            System.out.print(RequestCpuMeter.describe(cpu));
            OpenLoad.Series series = run.recorder().series(type);
            boolean pass = run.errors() == 0 && series.percentile(99) <= WebLoad.P99_LIMIT && series.ok() >= 0.95 * rate * run.seconds();
            String key = "save." + (long) rate;
            WebLoad.result(key + ".throughput", run.throughput(type));
            WebLoad.result(key + ".p50", series.percentile(50));
            WebLoad.result(key + ".p95", series.percentile(95));
            WebLoad.result(key + ".p99", series.percentile(99));
            WebLoad.result(key + ".errors", run.errors());
            WebLoad.result(key + ".pass", pass);
            double[] own = cpu.get("POST /api/v1/periods/{id}/units/{id}/indicators/{id}");
            if (own != null) WebLoad.result(key + ".requestCpuMs", own[1]);
            WebLoad.noise(key, run);
            WebLoad.out("  step %.0f/s: %s", rate, pass ? "passes" : "FAILS (p99 > " + WebLoad.P99_LIMIT + " ms, errors, or < 95 % answered)");
            if (pass) best = Math.max(best, rate);
            if (!pass && !Boolean.getBoolean("all")) break;
            Thread.sleep(3000);
        }
        WebLoad.out("save: maximum sustained rate %.0f/s (p99 ≤ %.0f ms, no errors)", best, WebLoad.P99_LIMIT);
        WebLoad.result("save.max", best);
    }

    /** Brings the unit's report back to an editable state: a submission approved by the head, then returned. */
    private void editable(Unit unit) throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            JsonNode sheet = JSON.readTree(web.send(api(unit.sheet(), unit.reporters[0]).GET().build()).body());
            JsonNode report = sheet.get("report");
            if (report == null || report.isNull()) return;
            String status = report.get("status").asString();
            // a submission goes through the unit head's approval and comes back from the coordinator
            String step = status.equals("SUBMITTED") ? "approve" : status.equals("UNIT_APPROVED") ? "return" : null;
            if (step == null) return;
            String token = step.equals("approve") ? unit.head : unit.office;
            String body = step.equals("approve") ? "{\"version\":" + report.get("version").asInt() + "}"
                    : "{\"version\":" + report.get("version").asInt() + ",\"reason\":\"基准退回\"}";
            HttpResponse<String> r = web.send(json("/api/v1/reports/" + report.get("id").asLong() + "/" + step, token, body));
            if (r.statusCode() / 100 != 2) throw new IllegalStateException(step + " of unit " + unit.id + ": " + r.statusCode() + " " + r.body());
        }
    }

    // ------------------------------------------------------------------ the operations

    private CompletableFuture<?> operation(long due, long index, Recorder recorder) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Unit unit = units.get(random.nextInt(units.size()));
        int k = random.nextInt(unit.reporters.length);
        int pick = random.nextInt(100);
        if (pick < 60 && unit.indicators.length > 0 || pick < 75 && unit.tasks.length == 0) {
            long indicator = unit.indicators[random.nextInt(unit.indicators.length)];
            return save(unit, k, "i" + indicator, "/indicators/" + indicator,
                    "{\"value\":\"6\",\"note\":\"基准" + index + "\",\"reason\":\"基准\",\"version\":%d}", SAVE_VALUE, due, recorder);
        }
        if (pick < 75) {
            long task = unit.tasks[random.nextInt(unit.tasks.length)];
            return save(unit, k, "t" + task, "/tasks/" + task,
                    "{\"progress\":\"IN_PROGRESS\",\"narrative\":\"基准" + index + "\",\"reason\":\"基准\",\"version\":%d}", SAVE_TASK, due,
                    recorder);
        }
        if (pick < 82) return sheet(unit, unit.reporters[k], k, "GET sheet", due, due, recorder);
        if (pick < 83) return step(unit, unit.reporters[k], "submit", s -> s.equals("DRAFT") || s.equals("RETURNED"), "{\"version\":%d}",
                due, recorder);
        if (pick < 89) return step(unit, unit.head, "approve", "SUBMITTED"::equals, "{\"version\":%d}", due, recorder);
        if (pick < 95) return step(unit, unit.office, "return", "UNIT_APPROVED"::equals, "{\"version\":%d,\"reason\":\"基准退回\"}",
                due, recorder);
        String leader = leaders.get(random.nextInt(leaders.size()));
        return web.async(api("/api/v1/plans/" + leaderPlan + "/actuals", leader).GET().build())
                .whenComplete((r, e) -> judge("GET actuals", r, e, due, due, recorder, false));
    }

    private HttpRequest.Builder api(String path, String token) {
        return web.request(path, null, null).header("Authorization", "Bearer " + token);
    }

    private HttpRequest json(String path, String token, String body) {
        return api(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    /** Saves one line with the version this reporter last saw; on a version conflict the reporter reloads the sheet. */
    private CompletableFuture<?> save(Unit unit, int k, String line, String path, String body, String type, long due,
                                      Recorder recorder) {
        int version = unit.seen.get(k).getOrDefault(line, 0);
        String key = line.charAt(0) + String.valueOf(unit.report) + ":" + line.substring(1);
        return web.async(json(unit.sheet() + path, unit.reporters[k], String.format(body, version))).thenCompose(r -> {
            judge(type, r, null, due, due, recorder, true);
            if (r.statusCode() == 200) {
                int saved = JSON.readTree(r.body()).get("lineVersion").asInt();
                unit.seen.get(k).put(line, saved);
                this.saved.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet();
                if (!answeredVersions.computeIfAbsent(key, x -> ConcurrentHashMap.newKeySet()).add(saved)) duplicates.incrementAndGet();
            } else if (r.statusCode() == 409 && r.body().contains("concurrent-change")) {
                return sheet(unit, unit.reporters[k], k, "GET sheet (after 409)", due, System.nanoTime(), recorder)
                        .thenApply(x -> (Void) null);
            }
            return CompletableFuture.<Void>completedFuture(null);
        }).exceptionally(e -> {
            // no answer (time-out): the save may or may not have happened
            unanswered.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet();
            judge(type, null, e, due, due, recorder, true);
            return null;
        });
    }

    /** Reads the unit's sheet; for a reporter, its screen now shows these versions. */
    private CompletableFuture<JsonNode> sheet(Unit unit, String token, int k, String type, long due, long start, Recorder recorder) {
        return web.async(api(unit.sheet(), token).GET().build()).handle((r, e) -> {
            judge(type, r, e, due, start, recorder, false);
            if (r == null || r.statusCode() != 200) return null;
            JsonNode sheet = JSON.readTree(r.body());
            if (k >= 0) remember(unit, k, sheet);
            return sheet;
        });
    }

    private static void remember(Unit unit, int k, JsonNode sheet) {
        for (JsonNode line : sheet.get("indicators")) {
            unit.seen.get(k).put("i" + line.get("indicator").get("id").asLong(), line.get("lineVersion").asInt());
        }
        for (JsonNode line : sheet.get("tasks")) {
            unit.seen.get(k).put("t" + line.get("task").get("id").asLong(), line.get("lineVersion").asInt());
        }
    }

    /** A workflow step: read the sheet, and when the report is in a state that allows it, take the step. */
    private CompletableFuture<?> step(Unit unit, String token, String action, java.util.function.Predicate<String> when, String body,
                                      long due, Recorder recorder) {
        return sheet(unit, token, -1, "GET sheet (" + action + ")", due, due, recorder).thenCompose(sheet -> {
            if (sheet == null || sheet.get("report") == null || sheet.get("report").isNull()) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            JsonNode report = sheet.get("report");
            if (!when.test(report.get("status").asString())) return CompletableFuture.<Void>completedFuture(null);
            long start = System.nanoTime();
            return web.async(json("/api/v1/reports/" + report.get("id").asLong() + "/" + action, token,
                    String.format(body, report.get("version").asInt()))).handle((r, e) -> {
                        judge("POST " + action, r, e, due, start, recorder, true);
                        return (Void) null;
                    });
        });
    }

    /** 2xx OK; a 409 the workflow gives on purpose (version conflict, state, findings) is a refusal; else an error. */
    private void judge(String type, HttpResponse<String> r, Throwable e, long due, long start, Recorder recorder, boolean conflictsExpected) {
        if (e != null) {
            recorder.record(type, due, start, Outcome.ERROR, WebClient.failure(e));
        } else if (r.statusCode() / 100 == 2) {
            recorder.record(type, due, start, Outcome.OK, "");
        } else {
            if (r.statusCode() >= 500) fiveHundreds.incrementAndGet();
            boolean refusal = conflictsExpected && r.statusCode() == 409;
            recorder.record(type, due, start, refusal ? Outcome.REFUSED : Outcome.ERROR, WebClient.status(r)
                    + (r.statusCode() == 409 ? " " + code(r.body()) : ""));
        }
    }

    private static String code(String problem) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"").matcher(problem);
        return m.find() ? m.group(1) : "";
    }

    /** Every reporter of the unit starts from what the sheet shows now. */
    private void refreshAll(Unit unit) throws Exception {
        HttpResponse<String> r = web.send(api(unit.sheet(), unit.reporters[0]).GET().build());
        if (r.statusCode() != 200) throw new IllegalStateException("sheet of unit " + unit.id + ": " + r.statusCode());
        JsonNode sheet = JSON.readTree(r.body());
        for (int k = 0; k < unit.reporters.length; k++) remember(unit, k, sheet);
    }

    // ------------------------------------------------------------------ checks against the database and the log

    /** The version of every line of the T78 reports ("i"/"t" + report + ":" + indicator or task). */
    private Map<String, Integer> versions() throws Exception {
        Map<String, Integer> versions = new HashMap<>();
        try (Connection c = DriverManager.getConnection(System.getProperty("db.url"), System.getProperty("db.user", "xiezuo"),
                System.getProperty("db.password", "xiezuo"))) {
            String reports = String.join(",", units.stream().map(u -> String.valueOf(u.report)).toList());
            for (String[] table : new String[][] {{"i", "reporting_indicator_line", "indicator_id"}, {"t", "reporting_task_line", "task_id"}}) {
                try (ResultSet rs = c.createStatement().executeQuery("select report_id, " + table[2] + ", version from " + table[1]
                        + " where report_id in (" + reports + ")")) {
                    while (rs.next()) versions.put(table[0] + rs.getLong(1) + ":" + rs.getLong(2), rs.getInt(3));
                }
            }
        }
        return versions;
    }

    private static long logSize() throws Exception {
        String log = System.getProperty("serverLog");
        return log == null ? 0 : Files.size(Path.of(log));
    }

    /** Whether the server logged HikariCP running dry since the run started. */
    static String poolMessages(long from) throws Exception {
        String log = System.getProperty("serverLog");
        if (log == null) return "server log not watched";
        byte[] all = Files.readAllBytes(Path.of(log));
        String text = new String(all, (int) Math.min(from, all.length), all.length - (int) Math.min(from, all.length), StandardCharsets.UTF_8);
        long n = text.lines().filter(l -> l.contains("Connection is not available")).count();
        return n == 0 ? "no \"Connection is not available\" in the server log" : n + " log lines \"Connection is not available\"";
    }
}
