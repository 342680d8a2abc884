package org.xiezuo.jmh;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.xiezuo.XiezuoApplication;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.importer.DraftSettings;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.ReportStatus;
import org.xiezuo.reporting.Reporting;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ApiTokens;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * Saving one report line and submitting one unit's report, through the service and through HTTP (the
 * JSON API with a personal access token, real Tomcat on a local port), on the whole application with
 * the embedded database. References measured in the same run: reading the plan once through its
 * service (every save reads it to check the line), and an authenticated API read over the same HTTP
 * stack. Run with {@code mvn -Pjmh test-compile exec:exec -Djmh.include=ReportingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReportingBenchmark {

    private static final Pattern LINE_VERSION = Pattern.compile("\"lineVersion\"\\s*:\\s*(\\d+)");

    ConfigurableApplicationContext app;
    Reporting reporting;
    ReportingQueries queries;
    PlanQueries plans;
    Actor reporter;
    Actor office;
    long planId;
    long period;
    long unit;
    long indicator;
    long reportId;
    int serviceLineVersion;
    int httpLineVersion;
    int counter;
    HttpClient http;
    String base;
    String token;

    @Setup(Level.Trial)
    public void start() {
        app = new SpringApplicationBuilder(XiezuoApplication.class).profiles("test")
                .properties("server.port=0", "spring.main.banner-mode=off", "logging.level.root=WARN",
                        "logging.level.org.xiezuo=WARN")
                .run();
        Actor operator = Actor.cli("bench");
        DocumentImports imports = app.getBean(DocumentImports.class);
        long draft = imports.upload(operator, "任务书.txt", SeedDocuments.text());
        imports.adjust(operator, draft, imports.preview(operator, draft).version(),
                new DraftSettings(null, null, "基准测试区", null, null, Map.of()));
        planId = imports.confirm(operator, draft, imports.preview(operator, draft).version(), false).planId();
        plans = app.getBean(PlanQueries.class);
        PlanBook book = plans.book(operator, planId);
        unit = book.units().stream().filter(u -> u.name().equals("区教育局")).findFirst().orElseThrow().id();
        long office = book.units().stream().filter(u -> u.name().equals("区发改局")).findFirst().orElseThrow().id();
        indicator = book.indicators().stream().filter(i -> "3".equals(i.code())).findFirst().orElseThrow().id();
        reporter = Actor.user("bench-jy", "教育局填报员", Set.of(Role.REPORTER), Set.of(unit), Set.of(book.plan().districtId()));
        this.office = Actor.user("bench-xzb", "协作办", Set.of(Role.COORDINATOR), Set.of(office), Set.of(book.plan().districtId()));
        app.getBean(AccountAdministration.class).create(Actor.cliAdministrator("bench"), new AccountAdministration.NewAccount(
                reporter.name(), reporter.displayName(), reporter.roles(), reporter.unitIds(), null, null, null));
        token = app.getBean(ApiTokens.class).create(reporter, "基准测试", 30).secret();
        reporting = app.getBean(Reporting.class);
        queries = app.getBean(ReportingQueries.class);
        period = queries.periods(this.office, planId).get(5).id();
        Reporting.LineSaved first = reporting.saveIndicatorLine(reporter, period, unit, indicator, 0, "1", null, "基准");
        reportId = first.reportId();
        serviceLineVersion = first.lineVersion();
        http = HttpClient.newHttpClient();
        base = "http://localhost:" + app.getBean(Environment.class).getProperty("local.server.port");
    }

    @TearDown(Level.Trial)
    public void stop() {
        app.close();
    }

    private String nextValue() {
        return (counter++ % 2 == 0) ? "2" : "1";
    }

    /** Keeps the report editable for the line benchmarks. */
    @Setup(Level.Iteration)
    public void toDraft() {
        ReportingQueries.ReportSummary report = queries.sheet(office, period, unit).report();
        if (report.status() == ReportStatus.SUBMITTED) reporting.withdraw(reporter, reportId, report.version());
        ReportingQueries.IndicatorEntry line = queries.sheet(office, period, unit).indicators().stream()
                .filter(e -> e.indicator().id() == indicator).findFirst().orElseThrow();
        serviceLineVersion = line.lineVersion();
        httpLineVersion = line.lineVersion();
    }

    @Benchmark
    public Reporting.LineSaved saveLineService() {
        Reporting.LineSaved saved = reporting.saveIndicatorLine(reporter, period, unit, indicator, serviceLineVersion, nextValue(),
                null, "基准");
        serviceLineVersion = saved.lineVersion();
        httpLineVersion = saved.lineVersion();
        return saved;
    }

    @Benchmark
    public String saveLineHttp() throws Exception {
        String body = "{\"value\":\"" + nextValue() + "\",\"reason\":\"基准\",\"version\":" + httpLineVersion + "}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/periods/" + period + "/units/"
                        + unit + "/indicators/" + indicator)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = LINE_VERSION.matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) throw new IllegalStateException(response.statusCode() + " " + response.body());
        httpLineVersion = Integer.parseInt(m.group(1));
        serviceLineVersion = httpLineVersion;
        return response.body();
    }

    /** Submitting needs a draft before every call: the unmeasured set-up withdraws the last submission. */
    @State(Scope.Thread)
    public static class Draft {
        int version;

        @Setup(Level.Invocation)
        public void withdraw(ReportingBenchmark b) {
            ReportingQueries.ReportSummary report = b.queries.sheet(b.office, b.period, b.unit).report();
            if (report.status() == ReportStatus.SUBMITTED) {
                b.reporting.withdraw(b.reporter, b.reportId, report.version());
                report = b.queries.sheet(b.office, b.period, b.unit).report();
            }
            version = report.version();
        }
    }

    @Benchmark
    public ReportStatus submitService(Draft draft) {
        reporting.submit(reporter, reportId, draft.version);
        return ReportStatus.SUBMITTED;
    }

    @Benchmark
    public String submitHttp(Draft draft) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reports/" + reportId + "/submit"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"version\":" + draft.version + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IllegalStateException(response.statusCode() + " " + response.body());
        return response.body();
    }

    /** Reference: reading the whole plan once through its service, as each save does to check the line. */
    @Benchmark
    public PlanBook referenceReadPlan() {
        return plans.book(office, planId);
    }

    /** Reference: an authenticated API read (the periods of the plan) through the same HTTP and security stack. */
    @Benchmark
    public String referenceHttpRead() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/plans/" + planId + "/periods"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IllegalStateException(response.statusCode() + " " + response.body());
        return response.body();
    }
}
