package org.xiezuo.bench;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xiezuo.XiezuoApplication;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.Reporting;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.reporting.TaskProgress;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ApiTokens;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.security.SecurityBenchAccess;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Role;

/**
 * The data of the web-load benchmark, written through the application's services (the whole context on
 * the bench database, no web server): the seed task book imported for two districts; five months
 * (January–May) of approved reports for every unit with values to report, so that actuals, history and
 * the assessment have something to read; the June reports of the T78 units opened with every line saved
 * once (still drafts); and the accounts — T78's reporters, unit heads, coordinators and leaders with API
 * tokens, the dashboard viewers and T81's real users with their password changed and the second factor
 * enrolled (as at a first sign-in), and T81's target accounts. Writes {@code fixture.properties} for the
 * harness ({@link WebLoad}).
 *
 * <p>Usage: {@code WebBenchSetup CONFIG_FILE OUT_FILE}
 */
public final class WebBenchSetup {

    static final String PASSWORD = "Qw-Bench-Load-2026!";
    private static final String TEMPORARY = "Tmp-Bench-2026!x";
    private static final int T78_UNITS = Integer.getInteger("t78.units", 25);
    private static final int REPORTERS_PER_UNIT = 3;
    private static final int LEADERS = 5;
    private static final int VIEWERS = Integer.getInteger("viewers", 20);
    private static final int T81_TARGETS = 10;
    private static final int T81_REAL = Integer.getInteger("t81.real", 40);
    private static final int HISTORY_MONTHS = 5; // January to May approved; June (index 5) is T78's period

    private final ConfigurableApplicationContext app;
    private final Reporting reporting;
    private final ReportingQueries queries;
    private final AccountAdministration accounts;
    private final ApiTokens tokens;
    private final Properties out = new Properties();
    private final Actor admin = Actor.cliAdministrator("bench");

    /** A unit of one plan with the lines it can report. */
    record UnitLines(ScopeFixture plan, long unitId, String name, List<Long> indicators, List<Long> tasks) {}

    private WebBenchSetup(ConfigurableApplicationContext app) {
        this.app = app;
        this.reporting = app.getBean(Reporting.class);
        this.queries = app.getBean(ReportingQueries.class);
        this.accounts = app.getBean(AccountAdministration.class);
        this.tokens = app.getBean(ApiTokens.class);
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        ConfigurableApplicationContext app = new SpringApplicationBuilder(XiezuoApplication.class).profiles("prod")
                .web(WebApplicationType.NONE)
                .run("--spring.config.additional-location=file:" + args[0], "--logging.level.root=WARN",
                        "--logging.level.org.xiezuo=WARN");
        try {
            new WebBenchSetup(app).run(Path.of(args[1]));
        } finally {
            app.close();
        }
        System.out.printf("set-up done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        System.exit(0);
    }

    private void run(Path file) throws Exception {
        DocumentImports imports = app.getBean(DocumentImports.class);
        PlanQueries plans = app.getBean(PlanQueries.class);
        ScopeFixture a = ScopeFixture.importFor(imports, plans, "基准甲区");
        ScopeFixture b = ScopeFixture.importFor(imports, plans, "基准乙区");
        out.setProperty("plan", String.valueOf(a.planId()));
        out.setProperty("plans", a.planId() + "," + b.planId());

        // Most indicators of the seed plan are bound to ledgers by default (their values derived, never typed);
        // the coordinator unbinds them here so that the units report values, as in a plan without ledgers.
        org.xiezuo.ledger.Bindings bindings = app.getBean(org.xiezuo.ledger.Bindings.class);
        int unbound = 0;
        for (ScopeFixture plan : List.of(a, b)) {
            for (var binding : bindings.ofPlan(plan.planId())) {
                bindings.unbind(office(plan, "setup-office"), plan.planId(), binding.indicatorId());
                unbound++;
            }
        }
        System.out.printf("%d ledger bindings removed%n", unbound);

        List<UnitLines> usable = new ArrayList<>();
        for (ScopeFixture plan : List.of(a, b)) {
            List<Long> periods = queries.periods(office(plan, "setup-office"), plan.planId()).stream()
                    .map(ReportingQueries.PeriodRow::id).toList();
            out.setProperty("period." + plan.planId(), String.valueOf(periods.get(HISTORY_MONTHS)));
            for (PlanBook.UnitRow unit : plan.book().units()) {
                UnitLines lines = history(plan, unit, periods);
                if (lines != null) usable.add(lines);
            }
        }
        System.out.printf("plans %d and %d: %d units with values to report, %d indicator lines%n", a.planId(), b.planId(),
                usable.size(), usable.stream().mapToInt(u -> u.indicators().size()).sum());

        // R4 reads one unit by primary key: every unit id
        StringJoiner unitIds = new StringJoiner(",");
        app.getBean(JdbcTemplate.class).queryForList("select id from unit order by id", Long.class)
                .forEach(id -> unitIds.add(id.toString()));
        out.setProperty("r4.ids", unitIds.toString());

        // T78: the units with the most lines, June opened with every line saved once
        List<UnitLines> t78 = usable.stream().sorted(Comparator.comparingInt((UnitLines u) -> -u.indicators().size())
                .thenComparingLong(UnitLines::unitId)).limit(T78_UNITS).toList();
        StringJoiner t78Units = new StringJoiner(",");
        for (UnitLines unit : t78) {
            String key = "t78.unit." + unit.unitId();
            t78Units.add(String.valueOf(unit.unitId()));
            long period = Long.parseLong(out.getProperty("period." + unit.plan().planId()));
            Actor setup = reporter(unit, "setup-r" + unit.unitId());
            Reporting.LineSaved saved = null;
            for (long indicator : unit.indicators()) {
                saved = reporting.saveIndicatorLine(setup, period, unit.unitId(), indicator, 0, "6", "基准六月", "基准");
            }
            for (long task : unit.tasks()) {
                reporting.saveTaskLine(setup, period, unit.unitId(), task, 0, TaskProgress.IN_PROGRESS, "基准推进", "基准");
            }
            out.setProperty(key + ".plan", String.valueOf(unit.plan().planId()));
            out.setProperty(key + ".period", String.valueOf(period));
            out.setProperty(key + ".report", String.valueOf(saved.reportId()));
            out.setProperty(key + ".indicators", join(unit.indicators()));
            out.setProperty(key + ".tasks", join(unit.tasks()));
            StringJoiner reporters = new StringJoiner(",");
            for (int k = 1; k <= REPORTERS_PER_UNIT; k++) {
                reporters.add(token("rep-" + unit.unitId() + "-" + k, Set.of(Role.REPORTER), Set.of(unit.unitId()), unit.plan()));
            }
            out.setProperty(key + ".reporters", reporters.toString());
            out.setProperty(key + ".head", token("head-" + unit.unitId(), Set.of(Role.UNIT_HEAD), Set.of(unit.unitId()), unit.plan()));
        }
        out.setProperty("t78.units", t78Units.toString());
        for (ScopeFixture plan : List.of(a, b)) {
            out.setProperty("t78.office." + plan.planId(), token("office-" + plan.planId(), Set.of(Role.COORDINATOR),
                    Set.of(plan.unit("区发改局")), plan));
        }
        StringJoiner leaders = new StringJoiner(",");
        for (int i = 1; i <= LEADERS; i++) {
            leaders.add(token("leader" + i, Set.of(Role.LEADER), Set.of(a.unit("区发改局")), a));
        }
        out.setProperty("t78.leaders", leaders.toString());

        // the dashboard's viewers (协作办 of plan A) and T81's real users: ready for a plain sign-in with TOTP
        out.setProperty("password", PASSWORD);
        out.setProperty("viewers", ready("viewer", VIEWERS, Set.of(Role.COORDINATOR), Set.of(a.unit("区发改局"))));
        long anyUnit = usable.get(0).unitId();
        out.setProperty("t81.real", ready("user", T81_REAL, Set.of(Role.REPORTER), Set.of(anyUnit)));
        StringJoiner targets = new StringJoiner(",");
        for (int i = 1; i <= T81_TARGETS; i++) {
            String name = "target" + i;
            create(name, Set.of(Role.REPORTER), Set.of(anyUnit));
            targets.add(name);
        }
        out.setProperty("t81.targets", targets.toString());

        Files.createDirectories(file.getParent());
        try (OutputStream stream = Files.newOutputStream(file)) {
            out.store(stream, "web-load fixture (bench/src/java/org/xiezuo/bench/WebBenchSetup.java)");
        }
    }

    /**
     * January to May for one unit: every line the unit can give a value for saved with a rising value, the
     * report submitted and approved by the coordinator. Lines the unit cannot fill (ledger-bound indicators,
     * a co-unit of an indicator whose lead reports the total) are found by the first save refusing them.
     */
    private UnitLines history(ScopeFixture plan, PlanBook.UnitRow unit, List<Long> periods) {
        PlanBook book = plan.book();
        Actor reporter = Actor.user("setup-r" + unit.id(), "基准填报" + unit.id(), Set.of(Role.REPORTER), Set.of(unit.id()),
                Set.of(plan.districtId()));
        Actor office = office(plan, "setup-office");
        List<Long> indicators = new ArrayList<>();
        for (PlanBook.IndicatorRow indicator : book.indicators()) {
            if (indicator.units().stream().noneMatch(u -> u.id() == unit.id())) continue;
            try {
                reporting.saveIndicatorLine(reporter, periods.get(0), unit.id(), indicator.id(), 0, "1", null, "基准");
                indicators.add(indicator.id());
            } catch (BusinessRuleViolation refused) {
                // not a value this unit gives
            }
        }
        if (indicators.isEmpty()) return null;
        List<Long> tasks = book.tasks().stream().filter(t -> t.involves(unit.id())).map(PlanBook.TaskRow::id).toList();
        for (int month = 0; month < HISTORY_MONTHS; month++) {
            long period = periods.get(month);
            if (month > 0) {
                for (long indicator : indicators) {
                    reporting.saveIndicatorLine(reporter, period, unit.id(), indicator, 0, String.valueOf(month + 1), null, "基准");
                }
            }
            for (long task : tasks) {
                reporting.saveTaskLine(reporter, period, unit.id(), task, 0, TaskProgress.IN_PROGRESS, "第" + (month + 1) + "月推进",
                        "基准");
            }
            try {
                ReportingQueries.ReportSummary report = queries.sheet(office, period, unit.id()).report();
                reporting.submit(reporter, report.id(), report.version());
                report = queries.sheet(office, period, unit.id()).report();
                reporting.approve(office, report.id(), report.version());
            } catch (BusinessRuleViolation refused) {
                System.out.printf("  %s month %d not approved: %s%n", unit.name(), month + 1, refused.getMessage());
            }
        }
        return new UnitLines(plan, unit.id(), unit.name(), indicators, tasks);
    }

    private static Actor office(ScopeFixture plan, String name) {
        return Actor.user(name, "基准协作办", Set.of(Role.COORDINATOR), Set.of(plan.unit("区发改局")), Set.of(plan.districtId()));
    }

    private static Actor reporter(UnitLines unit, String name) {
        return Actor.user(name, "基准填报", Set.of(Role.REPORTER), Set.of(unit.unitId()), Set.of(unit.plan().districtId()));
    }

    private void create(String username, Set<Role> roles, Set<Long> units) {
        accounts.create(admin, new AccountAdministration.NewAccount(username, "基准" + username, roles, units, null, null, TEMPORARY));
    }

    /** A new account and a personal access token of it (tokens need no sign-in; the temporary password stays). */
    private String token(String username, Set<Role> roles, Set<Long> units, ScopeFixture plan) {
        create(username, roles, units);
        Actor actor = Actor.user(username, "基准" + username, roles, units, Set.of(plan.districtId()));
        return tokens.create(actor, "基准测试", 30).secret();
    }

    /** Accounts ready for a plain sign-in: {@code name:secret:usedStep,…}. */
    private String ready(String prefix, int count, Set<Role> roles, Set<Long> units) {
        StringJoiner list = new StringJoiner(",");
        for (int i = 1; i <= count; i++) {
            String name = prefix + i;
            create(name, roles, units);
            SecurityBenchAccess.Ready ready = SecurityBenchAccess.readyForSignIn(app, name, TEMPORARY, PASSWORD);
            list.add(name + ":" + ready.secret() + ":" + ready.usedStep());
        }
        return list.toString();
    }

    private static String join(List<Long> ids) {
        StringJoiner j = new StringJoiner(",");
        ids.forEach(id -> j.add(id.toString()));
        return j.toString();
    }
}
