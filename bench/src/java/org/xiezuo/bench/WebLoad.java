package org.xiezuo.bench;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import org.xiezuo.bench.OpenLoad.Outcome;
import org.xiezuo.bench.OpenLoad.Run;

/**
 * The web-load harness (PERFORMANCE.md W4, SECURITY.md T78 and T81) against a running server started by
 * {@code bench/web-load.sh} (profiles prod,bench, the bench database, data from {@link WebBenchSetup}).
 * Fixed-rate open-model load ({@link OpenLoad}), latencies from the scheduled start. Usage:
 * <pre>
 * WebLoad ladder r4 RATE…      R4 (GET /bench/r4?id=…) at each rate until p99 &gt; 100 ms or an error
 * WebLoad ladder page RATE…    the page -Dpage (default /plans/{plan}) as signed-in 协作办 viewers, same rule
 * WebLoad t78 RATE…            T78: reporters, unit heads, coordinators and leaders on the reporting API
 * WebLoad save RATE…           W4's POST: one report-line save per operation, at each rate until p99 &gt; 100 ms or an error
 * WebLoad t81                  T81: password guessing from 20 addresses while real users sign in
 * WebLoad burst N…            diagnostic: N simultaneous failed sign-ins, then one R4 read (the pool's behaviour)
 * WebLoad warm SECONDS         JIT warm-up, nothing reported: R4 at 200/s, the page at 10/s, T78 at 10/s
 * </pre>
 * System properties: {@code base} (http://127.0.0.1:18080), {@code fixture}, {@code warmup} (s, 5),
 * {@code seconds} (s, 30), {@code maxInFlight} (2000), {@code p99Limit} (ms, 100), {@code all} (keep stepping
 * after a failed step), {@code serverLog}, {@code db.url}/{@code db.user}/{@code db.password}.
 */
public final class WebLoad {

    static final String BASE = System.getProperty("base", "http://127.0.0.1:18080");
    static final int WARMUP = Integer.getInteger("warmup", 5);
    static final int SECONDS = Integer.getInteger("seconds", 30);
    static final int MAX_IN_FLIGHT = Integer.getInteger("maxInFlight", 2000);
    static final int DRAIN = 15;
    static final double P99_LIMIT = Double.parseDouble(System.getProperty("p99Limit", "100"));

    private WebLoad() {}

    public static void main(String[] args) throws Exception {
        Properties fixture = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("fixture", "target/webbench/fixture.properties")))) {
            fixture.load(in);
        }
        WebClient web = new WebClient(BASE, Integer.getInteger("clientThreads", 4));
        Path steps = Path.of(System.getProperty("fixture", "target/webbench/fixture.properties")).resolveSibling("steps.properties");
        WebClient.loadSteps(steps);
        try {
            command(web, fixture, args);
        } finally {
            WebClient.saveSteps(steps);
        }
        System.exit(0);
    }

    private static void command(WebClient web, Properties fixture, String[] args) throws Exception {
        switch (args[0]) {
            case "ladder" -> ladder(web, fixture, args[1], rates(args, 2));
            case "warm" -> warm(web, fixture, Integer.parseInt(args[1]));
            case "t78" -> new T78Load(web, fixture).run(rates(args, 1));
            case "save" -> new T78Load(web, fixture).saveLadder(rates(args, 1));
            case "t81" -> new T81Load(web, fixture).run();
            case "burst" -> {
                for (int i = 1; i < args.length; i++) new T81Load(web, fixture).burst(Integer.parseInt(args[i]));
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static double[] rates(String[] args, int from) {
        return Arrays.stream(args, from, args.length).mapToDouble(Double::parseDouble).toArray();
    }

    /**
     * Steps the arrival rate up; a step passes with no error, p99 ≤ the limit and at least 95 % of the
     * offered rate answered. The highest passing step is the maximum sustained throughput.
     */
    static void ladder(WebClient web, Properties fixture, String kind, double[] rates) throws Exception {
        String type;
        OpenLoad.Op op;
        if (kind.equals("r4")) {
            type = "GET /bench/r4";
            long[] ids = Arrays.stream(fixture.getProperty("r4.ids").split(",")).mapToLong(Long::parseLong).toArray();
            op = (due, i, recorder) -> {
                long id = ids[ThreadLocalRandom.current().nextInt(ids.length)];
                return expect200(web, web.request("/bench/r4?id=" + id, null, null).GET().build(), type, due, recorder);
            };
        } else {
            String path = System.getProperty("page", "/plans/{plan}").replace("{plan}", fixture.getProperty("plan"));
            type = "GET " + System.getProperty("page", "/plans/{plan}");
            List<String> cookies = signInViewers(web, fixture);
            HttpResponse<String> sample = web.send(web.request(path, cookies.get(0), null).GET().build());
            out("page %s: HTTP %d, %,d bytes of HTML, %d signed-in viewers", path, sample.statusCode(), sample.body().length(),
                    cookies.size());
            if (sample.statusCode() != 200) throw new IllegalStateException("the page answers " + sample.statusCode());
            op = (due, i, recorder) -> expect200(web,
                    web.request(path, cookies.get((int) (i % cookies.size())), null).GET().build(), type, due, recorder);
        }
        double best = 0;
        for (double rate : rates) {
            quiet();
            var meter = RequestCpuMeter.read(web);
            Run run = OpenLoad.run(kind, rate, WARMUP, SECONDS, MAX_IN_FLIGHT, DRAIN, op);
            var cpu = RequestCpuMeter.between(meter, RequestCpuMeter.read(web));
            System.out.print(OpenLoad.describe(run));
            System.out.print(RequestCpuMeter.describe(cpu));
            OpenLoad.Series s = run.recorder().series(type);
            boolean pass = run.errors() == 0 && s.percentile(99) <= P99_LIMIT && s.ok() >= 0.95 * rate * run.seconds();
            String key = kind + "." + (long) rate;
            result(key + ".throughput", run.throughput(type));
            result(key + ".p50", s.percentile(50));
            result(key + ".p95", s.percentile(95));
            result(key + ".p99", s.percentile(99));
            result(key + ".errors", run.errors());
            result(key + ".pass", pass);
            double[] own = cpu.get(meterKey(kind, fixture));
            if (own != null) result(key + ".requestCpuMs", own[1]);
            noise(key, run);
            out("  step %.0f/s: %s", rate, pass ? "passes" : "FAILS (p99 > " + P99_LIMIT + " ms, errors, or < 95 % answered)");
            if (pass) best = Math.max(best, rate);
            if (!pass && !Boolean.getBoolean("all")) break;
            Thread.sleep(3000);
        }
        out("%s: maximum sustained rate %.0f/s (p99 ≤ %.0f ms, no errors)", kind, best, P99_LIMIT);
        result(kind + ".max", best);
    }

    /** The meter's key of the ladder's request. */
    static String meterKey(String kind, Properties fixture) {
        if (kind.equals("r4")) return "GET /bench/r4";
        String path = System.getProperty("page", "/plans/{plan}").replace("{plan}", fixture.getProperty("plan"));
        return "GET " + path.replaceAll("/\\d+", "/{id}");
    }

    /** Warms the server's JIT on every path the steps use; nothing is reported. */
    static void warm(WebClient web, Properties fixture, int seconds) throws Exception {
        long[] ids = Arrays.stream(fixture.getProperty("r4.ids").split(",")).mapToLong(Long::parseLong).toArray();
        OpenLoad.Run r4 = OpenLoad.run("warm r4", 200, seconds, 1, MAX_IN_FLIGHT, DRAIN, (due, i, recorder) -> expect200(web,
                web.request("/bench/r4?id=" + ids[(int) (i % ids.length)], null, null).GET().build(), "r4", due, recorder));
        String path = System.getProperty("page", "/plans/{plan}").replace("{plan}", fixture.getProperty("plan"));
        List<String> cookies = signInViewers(web, fixture);
        OpenLoad.Run page = OpenLoad.run("warm page", 10, seconds, 1, MAX_IN_FLIGHT, DRAIN, (due, i, recorder) -> expect200(web,
                web.request(path, cookies.get((int) (i % cookies.size())), null).GET().build(), "page", due, recorder));
        out("warm-up: R4 at 200/s and %s at 10/s for %d s each (not measured; last second: %d and %d errors)", path, seconds,
                r4.errors(), page.errors());
    }

    static CompletableFuture<?> expect200(WebClient web, java.net.http.HttpRequest request, String type, long due,
                                          OpenLoad.Recorder recorder) {
        return web.async(request).whenComplete((response, e) -> {
            if (e != null) recorder.record(type, due, due, Outcome.ERROR, WebClient.failure(e));
            else recorder.record(type, due, due, response.statusCode() == 200 ? Outcome.OK : Outcome.ERROR, WebClient.status(response)
                    + " " + WebClient.location(response));
        });
    }

    /** Every viewer (协作办 of the plan) signed in once; their sessions are used in turn. */
    static List<String> signInViewers(WebClient web, Properties fixture) throws Exception {
        List<String> cookies = new ArrayList<>();
        for (String entry : fixture.getProperty("viewers").split(",")) {
            cookies.add(web.signIn(WebClient.Account.parse(entry), fixture.getProperty("password"), null, null, 0));
        }
        return cookies;
    }

    /**
     * Before a step: waits up to -DquietWait seconds (default 0) for other processes to use less than
     * -DquietCores cores (default 0.3), and says how busy the machine was.
     */
    static void quiet() throws InterruptedException {
        int wait = Integer.getInteger("quietWait", 0);
        double others = CpuUse.awaitQuiet(wait, Double.parseDouble(System.getProperty("quietCores", "0.3")));
        out("(before the step: other processes used %.2f cores, load average %s)", others, CpuUse.loadAverage());
    }

    /** The cores other processes used during a step's measured window (their builds and tests share the machine). */
    static void noise(String key, Run run) {
        if (run.cpuFrom() != null && run.cpuTo() != null) {
            result(key + ".others", CpuUse.others(run.cpuFrom(), run.cpuTo(), run.seconds()));
            long server = run.cpuTo().server() - run.cpuFrom().server();
            int answered = run.recorder().all().values().stream().mapToInt(OpenLoad.Series::count).sum();
            if (answered > 0) result(key + ".serverCpuMs", server * 10.0 / answered);
        }
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
