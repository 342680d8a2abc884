package org.xiezuo.bench;

import static org.xiezuo.bench.LedgerImportBench.out;
import static org.xiezuo.bench.LedgerImportBench.result;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.Derivation;
import org.xiezuo.ledger.ImportOutcome;
import org.xiezuo.ledger.LedgerBenchAccess;
import org.xiezuo.ledger.LedgerImports;
import org.xiezuo.ledger.sheet.Workbooks;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.StatementLog;

/**
 * W2 of docs/PERFORMANCE.md: recompute every ledger-bound indicator of one plan holding about 20,000
 * ledger rows of all ten kinds. Xiezuo: {@code Derivation.asOf} (the plan read plus its SQL). R2: one
 * statement written out from the plan's bindings — one {@code FILTER} aggregate per indicator over a
 * single scan of the plan's entries, literals inlined, money converted in SQL — on the same warm
 * PostgreSQL; the same text in embedded DuckDB over the same rows, for context. The values of both are
 * compared before anything is timed.
 */
final class DerivationBench {

    static final LocalDate AS_OF = LocalDate.of(2021, 12, 31);
    static final String[] UNITS = {"区人力社保局", "区发改局", "区教育局", "区商务局", "区委组织部"};

    private DerivationBench() {}

    static void main(String[] args) throws Exception {
        int warmups = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        ConfigurableApplicationContext app = LedgerImportBench.start();
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        out("machine: %s", Machine.describe(jdbc));
        ScopeFixture district = ScopeFixture.importFor(app.getBean(DocumentImports.class), app.getBean(PlanQueries.class),
                "派生测试区" + UUID.randomUUID().toString().substring(0, 6));
        Actor office = Actor.user("xzb-w2", "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")),
                Set.of(district.districtId()));
        long plan = district.planId();
        LedgerImports imports = app.getBean(LedgerImports.class);
        Path dir = Path.of("target", "bench");
        EmploymentSheet.Written employment = EmploymentSheet.write(dir.resolve("w2-employment.xlsx"), 14_400, false, 7L);
        int total = LedgerBenchAccess.importKind(imports, office, plan, "EMPLOYMENT", employment.file()).accepted();
        Random random = new Random(42);
        total += load(imports, office, plan, "TRAINING", 1500, i -> new Object[] {null, date(random), "培训班" + i, "区人力社保局",
                pick(random, "劳动力技能", "乡村振兴干部", "乡村振兴人才"), 40, 10 + random.nextInt(20), 40 + random.nextInt(80),
                5 + random.nextInt(5), UNITS[0], null});
        total += load(imports, office, plan, "DONATION", 800, i -> new Object[] {null, date(random), "捐赠方" + i, UNITS[1],
                pick(random, "资金", "物资"), 100 + random.nextInt(100_000), pick(random, "元", "万元"), "受赠方" + (i % 40),
                "PJ" + i, null});
        total += load(imports, office, plan, "CONSUMPTION", 1200, i -> new Object[] {null, date(random), "采购单位" + (i % 50),
                pick(random, "机关食堂", "政采云扶贫馆", "浙里汇", "商超", "电商", "其他"), "产品" + i, 100 + random.nextInt(50_000),
                pick(random, "元", "万元"), UNITS[3], null});
        total += load(imports, office, plan, "DISPATCH", 600, i -> {
            LocalDate start = date(random);
            LocalDate planned = start.plusMonths(1 + random.nextInt(24)).minusDays(1);
            LocalDate actual = random.nextInt(4) == 0 ? start.plusMonths(1 + random.nextInt(6)).minusDays(1) : null;
            return new Object[] {null, "钱" + "伟芳娜秀英敏静丽强磊".charAt(i % 10) + "军洋勇艳杰娟涛明超兰".charAt(i / 10 % 10),
                    EmploymentSheet.id(5_000_000 + i), null, "区人民医院", null, "万源市人民医院", start, planned, actual, UNITS[4], null};
        });
        total += load(imports, office, plan, "PAIRING", 400, i -> {
            LocalDate start = date(random).minusYears(random.nextInt(3));
            return new Object[] {null, pick(random, "学校", "医院", "企业–村", "社会组织–村"), "东部结对方" + (i % 150), "西部结对方" + i,
                    start, random.nextInt(5) == 0 ? start.plusMonths(6 + random.nextInt(20)) : null, UNITS[2], null};
        });
        total += load(imports, office, plan, "INVESTMENT", 600, i -> {
            int jobs = random.nextInt(200);
            return new Object[] {null, "投资企业" + i, 10 + random.nextInt(5000), pick(random, "万元", "元"), date(random),
                    random.nextBoolean() ? "园区" + (i % 20) : null, jobs, jobs / 3, UNITS[1], null};
        });
        total += load(imports, office, plan, "PARK", 100, i -> new Object[] {null, "园区" + i, pick(random, "产业园区", "农业产业园"),
                date(random).minusYears(random.nextInt(3)), null, UNITS[1], null});
        total += load(imports, office, plan, "WORKSHOP", 300, i -> {
            LocalDate start = date(random).minusYears(random.nextInt(2));
            int jobs = random.nextInt(80);
            return new Object[] {null, "帮扶车间" + i, start, random.nextInt(6) == 0 ? start.plusMonths(3 + random.nextInt(12)) : null,
                    jobs, jobs / 2, UNITS[0], null};
        });
        total += load(imports, office, plan, "VILLAGE", 100, i -> new Object[] {null, "示范村" + i, "镇" + (i % 12),
                date(random).minusYears(random.nextInt(3)), UNITS[1], null});
        long entries = jdbc.queryForObject("select count(*) from ledger_entry where plan_id = ?", Long.class, plan);
        jdbc.execute("analyze ledger_entry");
        out("plan %d: %d ledger entries (%d accepted by the imports)", plan, entries, total);
        result("w2.entries", entries);

        LocalDate yearStart = district.book().plan().assessmentStart();
        List<Map<String, Object>> bindings = jdbc.queryForList("""
                select b.indicator_id, coalesce(i.code, i.name) as code, i.measure_unit, b.kind, b.measure, b.time_rule, b.category,
                       b.poor_only, b.in_park, b.min_months, b.max_months
                from ledger_binding b join plan_indicator i on i.id = b.indicator_id where b.plan_id = ? order by i.position""", plan);
        String r2 = r2(bindings, plan, yearStart, AS_OF);
        Files.writeString(dir.resolve("w2-r2.sql"), r2);
        out("R2: one statement, %d filtered aggregates, %d characters (target/bench/w2-r2.sql)", bindings.size(), r2.length());

        Derivation derivation = app.getBean(Derivation.class);
        DataSource dataSource = app.getBean(DataSource.class);
        Map<Long, BigDecimal> ours = LedgerBenchAccess.derive(derivation, plan, AS_OF);
        List<BigDecimal> reference = runR2(dataSource, r2);
        int mismatches = 0;
        for (int i = 0; i < bindings.size(); i++) {
            long indicator = ((Number) bindings.get(i).get("indicator_id")).longValue();
            BigDecimal a = ours.get(indicator);
            BigDecimal b = reference.get(i);
            if (a == null || a.subtract(b).abs().compareTo(new BigDecimal("0.000001")) > 0) {
                mismatches++;
                out("  mismatch indicator %s: Derivation %s, R2 %s", bindings.get(i).get("code"), a, b);
            }
        }
        out("values compared: %d indicators, %d mismatches", bindings.size(), mismatches);
        result("w2.indicators", bindings.size());
        result("w2.mismatches", mismatches);

        long before = StatementLog.roundTrips();
        long statementsBefore = StatementLog.statements();
        LedgerBenchAccess.derive(derivation, plan, AS_OF);
        long trips = StatementLog.roundTrips() - before;
        long statements = StatementLog.statements() - statementsBefore;
        out("Derivation.asOf: %d JDBC round trips (%d statements + %d commit)", trips, statements, trips - statements);
        result("w2.roundtrips", trips);
        result("w2.statements", statements);

        List<Double> tOurs = new ArrayList<>();
        List<Double> tRef = new ArrayList<>();
        for (int i = 0; i < warmups + runs; i++) {
            long t0 = System.nanoTime();
            LedgerBenchAccess.derive(derivation, plan, AS_OF);
            long t1 = System.nanoTime();
            runR2(dataSource, r2);
            long t2 = System.nanoTime();
            if (i >= warmups) {
                tOurs.add((t1 - t0) / 1e6);
                tRef.add((t2 - t1) / 1e6);
            }
        }
        double ours50 = LedgerImportBench.median(tOurs);
        double ref50 = LedgerImportBench.median(tRef);
        out("%-28s %9s %9s %9s", "W2 (" + entries + " entries)", "median ms", "p90 ms", "max ms");
        out("%-28s %9.2f %9.2f %9.2f", "Derivation.asOf", ours50, pct(tOurs, 0.9), Collections.max(tOurs));
        out("%-28s %9.2f %9.2f %9.2f", "R2 PostgreSQL, one SQL", ref50, pct(tRef, 0.9), Collections.max(tRef));
        out("Derivation / R2 = %.2f (target <= 2, or <= 50 ms)", ours50 / ref50);
        result("w2.ours.ms", ours50);
        result("w2.r2.ms", ref50);
        result("w2.ratio", ours50 / ref50);

        duckdb(dataSource, plan, r2, dir, warmups, runs);
        app.close();
    }

    private static int load(LedgerImports imports, Actor office, long plan, String kind, int rows, IntFunction<Object[]> row) {
        List<String> headers = LedgerBenchAccess.headers(kind);
        Path file = Workbooks.streaming("w2-" + kind.toLowerCase() + "-" + UUID.randomUUID(), headers, rows, i -> {
            Object[] values = row.apply(i);
            values[0] = String.valueOf(i + 1);
            if (values.length != headers.size()) throw new IllegalStateException(kind + " has " + headers.size() + " columns");
            return values;
        });
        try {
            ImportOutcome outcome = LedgerBenchAccess.importKind(imports, office, plan, kind, file);
            return outcome.accepted();
        } finally {
            file.toFile().delete();
        }
    }

    private static LocalDate date(Random random) {
        return LocalDate.of(2020, 1, 1).plusDays(random.nextInt(731));
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }

    /** The hand-written reference: every binding as one FILTER aggregate in a single pass over the plan's entries. */
    static String r2(List<Map<String, Object>> bindings, long plan, LocalDate ys, LocalDate d) {
        StringBuilder sql = new StringBuilder("select\n");
        for (int i = 0; i < bindings.size(); i++) {
            Map<String, Object> b = bindings.get(i);
            StringBuilder where = new StringBuilder("kind = '" + b.get("kind") + "'");
            if (b.get("category") != null) where.append(" and category = '").append(b.get("category")).append('\'');
            if (Boolean.TRUE.equals(b.get("poor_only"))) where.append(" and flag");
            if (b.get("in_park") != null) where.append(" and flag = ").append(b.get("in_park"));
            if (b.get("min_months") != null) where.append(" and months >= ").append(b.get("min_months"));
            if (b.get("max_months") != null) where.append(" and months <= ").append(b.get("max_months"));
            String y = "date '" + ys + "'";
            String to = "date '" + d + "'";
            where.append(switch ((String) b.get("time_rule")) {
                case "NEW" -> " and starts_on >= " + y + " and starts_on <= " + to;
                case "ACTIVE" -> " and starts_on <= " + to + " and (ends_on is null or ends_on >= " + y + ")";
                case "CONTINUING" -> " and starts_on < " + y + " and (ends_on is null or ends_on >= " + y + ")";
                default -> " and starts_on <= " + to;
            });
            String unit = (String) b.get("measure_unit");
            String divisor = "万元".equals(unit) ? " / 10000" : "亿元".equals(unit) ? " / 100000000" : "";
            String aggregate = switch ((String) b.get("measure")) {
                case "COUNT" -> "count(*)";
                case "DISTINCT_PERSONS" -> "count(distinct person_id)";
                case "DISTINCT_SUBJECTS" -> "count(distinct subject)";
                case "SUM_AMOUNT" -> "coalesce(sum(amount_yuan)";
                default -> "coalesce(sum(" + ((String) b.get("measure")).substring(4).toLowerCase() + ")";
            };
            sql.append("  ").append(aggregate).append(" filter (where ").append(where).append(')')
                    .append(aggregate.startsWith("coalesce") ? ", 0)" : "")
                    .append(aggregate.equals("coalesce(sum(amount_yuan)") ? divisor : "")
                    .append(i + 1 < bindings.size() ? "," : "").append("   -- ").append(b.get("code")).append('\n');
        }
        return sql.append("from ledger_entry where plan_id = ").append(plan).toString();
    }

    static List<BigDecimal> runR2(DataSource dataSource, String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            List<BigDecimal> values = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) values.add(new BigDecimal(rs.getString(i)));
            return values;
        }
    }

    private static double pct(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /** The same statement in embedded DuckDB over the plan's entries copied in (load not timed), for context. */
    private static void duckdb(DataSource dataSource, long plan, String r2, Path dir, int warmups, int runs) throws Exception {
        Path csv = dir.resolve("w2-entries.csv").toAbsolutePath();
        try (Connection c = dataSource.getConnection(); OutputStream out = Files.newOutputStream(csv)) {
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (select id, plan_id, kind, person_id, category, subject, starts_on,"
                    + " ends_on, months, amount_yuan, n1, n2, n3, n4, flag from ledger_entry where plan_id = " + plan
                    + ") to stdout (format csv, header)", out);
        }
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("set threads = 1");
            s.execute("create table ledger_entry as select * from read_csv('" + csv + "', header = true, types = {'amount_yuan': 'DECIMAL(28,4)',"
                    + " 'starts_on': 'DATE', 'ends_on': 'DATE', 'flag': 'BOOLEAN', 'category': 'VARCHAR', 'subject': 'VARCHAR'})");
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < warmups + runs; i++) {
                long t0 = System.nanoTime();
                try (ResultSet rs = s.executeQuery(r2)) {
                    rs.next();
                }
                if (i >= warmups) times.add((System.nanoTime() - t0) / 1e6);
            }
            String version = duck.getMetaData().getDatabaseProductVersion();
            double median = LedgerImportBench.median(times);
            out("%-28s %9.2f %9.2f %9.2f", "R2 DuckDB " + version + ", 1 thread", median, pct(times, 0.9), Collections.max(times));
            result("w2.duckdb.ms", median);
        } finally {
            Files.deleteIfExists(csv);
        }
    }

}
