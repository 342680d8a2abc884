package org.xiezuo.bench;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.xiezuo.bench.OpenLoad.Outcome;
import org.xiezuo.bench.OpenLoad.Recorder;
import org.xiezuo.bench.OpenLoad.Run;

/**
 * SECURITY.md T81, brute force under load. Password guessing at {@code t81.perMinute} attempts a minute
 * (1,000) from 20 client addresses against 10 accounts, while real users of other accounts sign in at
 * {@code t81.realRate} a second (1), each with its own address and the whole browser sign-in (page,
 * password, code page, TOTP code). The addresses are varied with {@code X-Forwarded-For}, which the
 * application honours under the prod profile ({@code server.forward-headers-strategy=native}: Tomcat's
 * RemoteIpValve trusts the header from a local proxy address, as behind the production proxy); each
 * attacking address keeps one session and CSRF token, as a script would. First the real users alone
 * ({@code seconds} / 2), then both together ({@code t81.seconds}, 60). Checked afterwards in the database:
 * every attempt has its audit row, with the attacker's address; how many attempts per address reached the
 * password check (the throttle allows 20 in 10 minutes); the targets locked; the real users' sign-ins audited.
 */
final class T81Load {

    private static final String ATTEMPT = "attack POST /login";

    private final WebClient web;
    private final Properties fixture;
    private final List<WebClient.Account> real = new ArrayList<>();
    private final List<String> targets;
    private final ExecutorService signIns = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sign-in");
        t.setDaemon(true);
        return t;
    });

    T81Load(WebClient web, Properties fixture) {
        this.web = web;
        this.fixture = fixture;
        for (String entry : fixture.getProperty("t81.real").split(",")) real.add(WebClient.Account.parse(entry));
        this.targets = List.of(fixture.getProperty("t81.targets").split(","));
    }

    void run() throws Exception {
        double perMinute = Double.parseDouble(System.getProperty("t81.perMinute", "1000"));
        double realRate = Double.parseDouble(System.getProperty("t81.realRate", "1"));
        int seconds = Integer.getInteger("t81.seconds", 60);
        int addresses = 20;
        if (real.size() < realRate * 31) {
            throw new IllegalStateException("each real account signs in at most once per 30 s TOTP step: need " + (int) (realRate * 31)
                    + " accounts, have " + real.size());
        }
        String password = fixture.getProperty("password");
        reset();
        AtomicInteger realIndex = new AtomicInteger();
        OpenLoad.Op signIn = (due, i, recorder) -> CompletableFuture.runAsync(() -> {
            int n = realIndex.getAndIncrement() % real.size();
            try {
                web.signIn(real.get(n), password, "198.51.100." + (n + 1), recorder, due);
            } catch (Exception e) {
                // recorded as an error of its step and of "sign-in total"
            }
        }, signIns);

        WebLoad.quiet();
        WebLoad.out("T81 baseline: real users sign in at %.1f/s, nobody attacking", realRate);
        Run baseline = OpenLoad.run("t81 baseline", realRate, 0, Math.max(10, WebLoad.SECONDS / 2), 500, WebLoad.DRAIN, signIn);
        System.out.print(OpenLoad.describe(baseline));
        WebLoad.result("t81.baseline.signin.p95", baseline.recorder().series("sign-in total").percentile(95));

        // the attackers: one session and CSRF token per address
        String[] cookies = new String[addresses];
        String[] tokens = new String[addresses];
        for (int a = 0; a < addresses; a++) {
            HttpResponse<String> page = web.send(web.request("/login", null, attacker(a)).GET().build());
            cookies[a] = WebClient.cookie(page, null);
            tokens[a] = WebClient.csrf(page.body());
        }
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger signedIn = new AtomicInteger();
        OpenLoad.Op attack = (due, i, recorder) -> {
            int a = (int) (i % addresses);
            String target = targets.get((int) ((i + i / addresses) % targets.size()));
            return web.async(web.request("/login", cookies[a], attacker(a)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(WebClient.form(Map.of("username", target, "password", "Guess-" + i + "-Pass!", "_csrf", tokens[a]))).build())
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            recorder.record(ATTEMPT, due, due, Outcome.ERROR, WebClient.failure(e));
                        } else if (r.statusCode() == 302 && WebClient.location(r).endsWith("/login?error")) {
                            answered.incrementAndGet();
                            recorder.record(ATTEMPT, due, due, Outcome.REFUSED, "");
                        } else {
                            if (r.statusCode() == 302) signedIn.incrementAndGet();
                            recorder.record(ATTEMPT, due, due, Outcome.ERROR, WebClient.status(r) + " " + WebClient.location(r));
                        }
                    });
        };

        long auditFrom = maxAuditId();
        WebLoad.quiet();
        WebLoad.out("T81 under attack: %.0f attempts a minute from %d addresses against %d accounts, real users at %.1f/s, %d s",
                perMinute, addresses, targets.size(), realRate, seconds);
        Run[] runs = new Run[2];
        Thread realUsers = new Thread(() -> runs[1] = OpenLoad.run("t81 real users", realRate, 0, seconds, 500, WebLoad.DRAIN, signIn));
        realUsers.start();
        runs[0] = OpenLoad.run("t81 attack", perMinute / 60.0, 0, seconds, 2000, WebLoad.DRAIN, attack);
        realUsers.join();
        System.out.print(OpenLoad.describe(runs[0]));
        System.out.print(OpenLoad.describe(runs[1]));
        OpenLoad.Series total = runs[1].recorder().series("sign-in total");
        WebLoad.result("t81.attack.signin.p95", total.percentile(95));
        WebLoad.result("t81.attack.signin.errors", runs[1].errors());
        WebLoad.result("t81.attack.attempts", runs[0].scheduled());
        WebLoad.result("t81.attack.errors", runs[0].errors());
        WebLoad.result("t81.attack.signedIn", signedIn.get());
        WebLoad.noise("t81.attack", runs[0]);
        Thread.sleep(1000);
        audit(auditFrom, answered.get(), total.ok());
    }

    /**
     * A diagnostic probe (not part of T81's figures): {@code n} failed sign-ins sent at the same instant, each
     * from its own address and for an unknown user name (nobody gets locked), and one R4 read 0.5 s later,
     * which needs a connection of the same pool. Answers how long each took.
     */
    void burst(int n) throws Exception {
        reset();
        String[] cookies = new String[n];
        String[] tokens = new String[n];
        for (int k = 0; k < n; k++) {
            HttpResponse<String> page = web.send(web.request("/login", null, "192.0.2." + (k + 1)).GET().build());
            cookies[k] = WebClient.cookie(page, null);
            tokens[k] = WebClient.csrf(page.body());
        }
        List<CompletableFuture<String>> sent = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            long start = System.nanoTime();
            sent.add(web.async(web.request("/login", cookies[k], "192.0.2." + (k + 1)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(WebClient.form(Map.of("username", "nobody-" + k, "password", "Guess-Pass-1!", "_csrf", tokens[k]))).build())
                    .handle((r, e) -> String.format(java.util.Locale.ROOT, "%.0f ms %s", (System.nanoTime() - start) / 1e6,
                            e != null ? WebClient.failure(e) : WebClient.status(r) + " " + WebClient.location(r))));
        }
        Thread.sleep(500);
        long r4Start = System.nanoTime();
        long id = Long.parseLong(fixture.getProperty("r4.ids").split(",")[0]);
        String r4 = web.async(web.request("/bench/r4?id=" + id, null, null).GET().build())
                .handle((r, e) -> String.format(java.util.Locale.ROOT, "%.0f ms %s", (System.nanoTime() - r4Start) / 1e6,
                        e != null ? WebClient.failure(e) : WebClient.status(r))).join();
        Map<String, Integer> outcomes = new TreeMap<>();
        List<Long> millis = new ArrayList<>();
        for (CompletableFuture<String> f : sent) {
            String result = f.join();
            millis.add(Long.parseLong(result.substring(0, result.indexOf(' '))));
            outcomes.merge(result.substring(result.indexOf("ms ") + 3), 1, Integer::sum);
        }
        java.util.Collections.sort(millis);
        WebLoad.out("burst of %d simultaneous failed sign-ins: answers after %d–%d ms (median %d), %s; an R4 read sent 0.5 s later: %s",
                n, millis.get(0), millis.get(millis.size() - 1), millis.get(millis.size() / 2), outcomes, r4);
        WebLoad.result("burst." + n + ".maxMs", millis.get(millis.size() - 1));
    }

    /** A clean start when the database is reused: the attacking addresses unthrottled, the target accounts unlocked. */
    private void reset() throws Exception {
        try (Connection c = connect()) {
            int throttled = c.createStatement().executeUpdate(
                    "delete from security_sign_in_throttle where client_ip like '203.0.113.%' or client_ip like '192.0.2.%'");
            int unlocked = c.createStatement().executeUpdate(
                    "update security_account set failed_attempts = 0, locked_until = null where username like 'target%'");
            if (throttled > 0) WebLoad.out("(reused database: %d throttle rows removed, %d target accounts unlocked)", throttled, unlocked);
        }
    }

    private static String attacker(int a) {
        return "203.0.113." + (a + 1);
    }

    private static long maxAuditId() throws Exception {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery("select coalesce(max(id), 0) from audit_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(System.getProperty("db.url"), System.getProperty("db.user", "xiezuo"),
                System.getProperty("db.password", "xiezuo"));
    }

    /** The audit rows of the attack window against what the harness saw, and the throttle's and lockout's state. */
    private void audit(long from, int attemptsAnswered, int realSignIns) throws Exception {
        Map<String, Integer> byKind = new TreeMap<>();
        Map<String, int[]> byAddress = new TreeMap<>(); // address → {attempts, reached the password check}
        int targetRows = 0;
        int realPassword = 0;
        int realCode = 0;
        int locked = 0;
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("select actor, client_ip, event_type, outcome, detail from audit_event where id > ?")) {
            s.setLong(1, from);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String actor = rs.getString(1);
                    String ip = rs.getString(2);
                    String type = rs.getString(3);
                    String outcome = rs.getString(4);
                    String detail = rs.getString(5) == null ? "" : rs.getString(5);
                    if (targets.contains(actor)) {
                        if (type.equals("ACCOUNT_LOCKED")) {
                            locked++;
                            continue;
                        }
                        if (!type.equals("SIGN_IN") || !outcome.equals("FAILURE")) {
                            byKind.merge("unexpected " + type + " " + outcome, 1, Integer::sum);
                            continue;
                        }
                        targetRows++;
                        String kind = detail.contains("已限流") ? "throttled (address)" : detail.startsWith("账号锁定中") ? "account locked"
                                : detail.startsWith("密码错误") ? "wrong password (checked)" : detail;
                        byKind.merge(kind, 1, Integer::sum);
                        int[] n = byAddress.computeIfAbsent(String.valueOf(ip), x -> new int[2]);
                        n[0]++;
                        if (!detail.contains("已限流")) n[1]++;
                    } else if (actor.startsWith("user")) {
                        if (type.equals("SIGN_IN") && outcome.equals("SUCCESS")) realPassword++;
                        else if (type.equals("SECOND_FACTOR") && outcome.equals("SUCCESS")) realCode++;
                        else byKind.merge("real user " + type + " " + outcome, 1, Integer::sum);
                    }
                }
            }
            WebLoad.out("audit rows of the attack window:");
            WebLoad.out("  attempts answered as a refused sign-in: %d; SIGN_IN FAILURE rows of the targets: %d (%s)", attemptsAnswered,
                    targetRows, attemptsAnswered == targetRows ? "complete" : "MISMATCH");
            byKind.forEach((k, v) -> WebLoad.out("    %-28s %6d", k, v));
            WebLoad.out("  ACCOUNT_LOCKED rows: %d (targets: %d)", locked, targets.size());
            WebLoad.out("  real users: %d sign-ins completed, %d SIGN_IN SUCCESS and %d SECOND_FACTOR SUCCESS rows (%s)", realSignIns,
                    realPassword, realCode, realSignIns == realPassword && realSignIns == realCode ? "complete" : "MISMATCH");
            int maxChecked = byAddress.values().stream().mapToInt(n -> n[1]).max().orElse(0);
            WebLoad.out("  %d client addresses in the target rows; attempts per address %s; reaching the password check at most %d "
                    + "per address", byAddress.size(), byAddress.values().stream().mapToInt(n -> n[0]).summaryStatistics()
                    .toString().replaceAll(".*\\{|}", ""), maxChecked);
            byAddress.entrySet().stream().limit(3).forEach(e -> WebLoad.out("    e.g. %s: %d attempts, %d checked", e.getKey(),
                    e.getValue()[0], e.getValue()[1]));
            try (ResultSet rs = c.createStatement().executeQuery(
                    "select count(*), min(failures), max(failures) from security_sign_in_throttle where client_ip like '203.0.113.%'")) {
                rs.next();
                WebLoad.out("  throttle rows of the attacking addresses: %d (failures counted %d–%d)", rs.getInt(1), rs.getInt(2),
                        rs.getInt(3));
            }
            try (ResultSet rs = c.createStatement().executeQuery(
                    "select count(*) from security_account where username like 'target%' and locked_until > now()")) {
                rs.next();
                WebLoad.out("  target accounts locked now: %d of %d", rs.getInt(1), targets.size());
                WebLoad.result("t81.targets.locked", rs.getInt(1));
            }
            WebLoad.result("t81.audit.complete", attemptsAnswered == targetRows && realSignIns == realPassword && realSignIns == realCode);
            WebLoad.result("t81.addresses", byAddress.size());
            WebLoad.result("t81.maxCheckedPerAddress", maxChecked);
        }
    }
}
