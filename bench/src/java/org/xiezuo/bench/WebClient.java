package org.xiezuo.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.xiezuo.bench.OpenLoad.Outcome;
import org.xiezuo.bench.OpenLoad.Recorder;
import org.xiezuo.security.SecurityBenchAccess;

/**
 * HTTP for the web-load harness: one {@link HttpClient} (HTTP/1.1, keep-alive, redirects not followed, a
 * 10 s time-out per request), the session cookie and CSRF token handled by hand, and the application's
 * sign-in as a browser does it — sign-in page, password, second-factor page, the authenticator's code.
 */
final class WebClient {

    static final String SESSION = "XIEZUO_SESSION";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("(?i)^" + SESSION + "=([^;]*)");
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final HttpClient http;
    final String base;
    final ExecutorService executor;

    WebClient(String base, int threads) {
        this.base = base;
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "http-client");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
    }

    HttpRequest.Builder request(String path, @Nullable String cookie, @Nullable String forwardedFor) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
        if (cookie != null) b.header("Cookie", SESSION + "=" + cookie);
        if (forwardedFor != null) b.header("X-Forwarded-For", forwardedFor);
        return b;
    }

    CompletableFuture<HttpResponse<String>> async(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpRequest.BodyPublishers.ofString(body.toString());
    }

    /** The session cookie the response sets, else the one the request had. */
    static @Nullable String cookie(HttpResponse<?> response, @Nullable String previous) {
        for (String header : response.headers().allValues("set-cookie")) {
            Matcher m = COOKIE.matcher(header);
            if (m.find() && !m.group(1).isEmpty()) return m.group(1);
        }
        return previous;
    }

    static @Nullable String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        return m.find() ? m.group(1) : null;
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("location").orElse("");
    }

    static String status(HttpResponse<?> response) {
        return "HTTP " + response.statusCode();
    }

    static String failure(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName();
    }

    // ------------------------------------------------------------------ sign-in

    /**
     * The last TOTP step each account used, kept across harness runs in {@code steps.properties} next to the
     * fixture: the application accepts every step only once per account.
     */
    static final java.util.Map<String, Account> ACCOUNTS = new java.util.concurrent.ConcurrentHashMap<>();
    static final java.util.Properties USED_STEPS = new java.util.Properties();

    static void loadSteps(java.nio.file.Path file) throws IOException {
        if (java.nio.file.Files.exists(file)) {
            try (var in = java.nio.file.Files.newInputStream(file)) {
                USED_STEPS.load(in);
            }
        }
    }

    static void saveSteps(java.nio.file.Path file) throws IOException {
        ACCOUNTS.values().forEach(a -> USED_STEPS.setProperty(a.username(), String.valueOf(a.lastStep().get())));
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            USED_STEPS.store(out, "last TOTP step used per account");
        }
    }

    /** An account ready for sign-in (WebBenchSetup): TOTP secret and the last time step used. */
    record Account(String username, String secret, AtomicLong lastStep) {
        static Account parse(String entry) {
            String[] p = entry.split(":");
            long used = Math.max(Long.parseLong(p[2]), Long.parseLong(USED_STEPS.getProperty(p[0], "0")));
            return ACCOUNTS.computeIfAbsent(p[0], n -> new Account(p[0], p[1], new AtomicLong(used)));
        }

        /** A code of a step never used by this account, current or the next one (both accepted). */
        String nextCode() throws InterruptedException {
            while (true) {
                long now = SecurityBenchAccess.step(Instant.now());
                long last = lastStep.get();
                long step = Math.max(now, last + 1);
                if (step <= now + 1) {
                    if (lastStep.compareAndSet(last, step)) return SecurityBenchAccess.code(secret, step);
                } else {
                    Thread.sleep(250);
                }
            }
        }
    }

    /** The requests of one sign-in, by name, for the recorder. */
    static final String[] SIGN_IN_STEPS = {"sign-in 1 GET /login", "sign-in 2 POST /login", "sign-in 3 GET code page",
            "sign-in 4 POST code"};

    /**
     * Signs in as a browser does; answers the session cookie, or throws when any step does not go as a
     * successful sign-in goes. With a recorder, each request is recorded (the first from the scheduled
     * start) and the whole sign-in as "sign-in total".
     */
    String signIn(Account account, String password, @Nullable String forwardedFor, @Nullable Recorder recorder, long scheduled)
            throws IOException, InterruptedException {
        long start = recorder == null ? System.nanoTime() : scheduled;
        try {
            HttpResponse<String> page = send(request("/login", null, forwardedFor).GET().build());
            check(recorder, scheduled, 0, start, page.statusCode() == 200, page);
            String cookie = cookie(page, null);
            String token = csrf(page.body());
            long t = System.nanoTime();
            HttpResponse<String> password1 = send(request("/login", cookie, forwardedFor).header("Content-Type",
                    "application/x-www-form-urlencoded").POST(form(Map.of("username", account.username(), "password", password,
                    "_csrf", token == null ? "" : token))).build());
            check(recorder, scheduled, 1, t, password1.statusCode() == 302 && location(password1).endsWith("/login/second-factor"),
                    password1);
            cookie = cookie(password1, cookie);
            t = System.nanoTime();
            HttpResponse<String> codePage = send(request("/login/second-factor", cookie, forwardedFor).GET().build());
            check(recorder, scheduled, 2, t, codePage.statusCode() == 200, codePage);
            cookie = cookie(codePage, cookie);
            token = csrf(codePage.body());
            String code = account.nextCode();
            t = System.nanoTime();
            HttpResponse<String> done = send(request("/login/second-factor", cookie, forwardedFor).header("Content-Type",
                    "application/x-www-form-urlencoded").POST(form(Map.of("code", code, "_csrf", token == null ? "" : token))).build());
            String where = location(done);
            check(recorder, scheduled, 3, t, done.statusCode() == 302 && (where.endsWith("/") || where.endsWith("/plans")), done);
            if (recorder != null) recorder.record("sign-in total", scheduled, start, Outcome.OK, "");
            return cookie(done, cookie);
        } catch (IOException | RuntimeException e) {
            if (recorder != null) recorder.record("sign-in total", scheduled, start, Outcome.ERROR, failure(e));
            throw e;
        }
    }

    private static void check(@Nullable Recorder recorder, long scheduled, int step, long start, boolean ok,
                              HttpResponse<String> response) {
        if (recorder != null) {
            recorder.record(SIGN_IN_STEPS[step], scheduled, start, ok ? Outcome.OK : Outcome.ERROR,
                    status(response) + " " + location(response));
        }
        if (!ok) {
            throw new IllegalStateException(SIGN_IN_STEPS[step] + ": " + status(response) + " " + location(response));
        }
    }
}
