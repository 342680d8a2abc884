package org.xiezuo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xiezuo.XiezuoApplication;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.ledger.ChineseIdsForTests;
import org.xiezuo.ledger.sheet.Workbooks;
import org.xiezuo.support.ForkedCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ledger-import} and {@code indicator-values} as the jar runs them (docs/cli.md): the JSON report,
 * exit codes 0, 2 and 3, nothing written when refused, idempotence, derived values with their source —
 * and T62: the process killed in the middle of an import leaves no partial rows and no lock.
 */
class LedgerCommandsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> HEADERS = List.of("序号", "姓名", "身份证号", "手机号", "是否脱贫人口", "就业省份", "就业单位",
            "就业开始日期", "就业结束日期", "填报单位", "备注");

    private Path dir;

    @BeforeEach
    void createWorkingDirectory() throws IOException {
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "cli-ledger-");
    }

    private String dataDir() {
        return "--xiezuo.data-dir=" + dir.resolve("data");
    }

    private static String id(int n) {
        return ChineseIdsForTests.valid(new Random(n), n);
    }

    private static Object[] row(int n, String id, String province) {
        return new Object[] {String.valueOf(n), "张三", id, null, n % 2 == 0 ? "是" : "否", province, "甲公司",
                LocalDate.of(2021, 3, 1), null, "区人力社保局", null};
    }

    private void importSeed() throws Exception {
        Path seed = dir.resolve("seed.docx");
        Files.write(seed, SeedDocuments.docx());
        ForkedCommand plan = ForkedCommand.run("import", seed.toString(), dataDir());
        assertThat(plan.exitCode()).as(plan.err()).isZero();
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve("data").resolve("xiezuo") + ";MODE=PostgreSQL;AUTO_SERVER=TRUE", "sa", "");
             ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aLedgerFileIsImportedReportedAndDerivedAndRefusedInStrictModeWithExitCode3() throws Exception {
        importSeed();
        Path file = Workbooks.sheet("就业人员").headers(HEADERS.toArray(String[]::new))
                .row(row(1, id(1), "浙江省")).row(row(2, "110101199003072315", "浙江省")).row(row(3, id(3), "四川省"))
                .row(row(4, id(1), "浙江省"))
                .write("cli-ledger-" + dir.getFileName());

        ForkedCommand strict = ForkedCommand.run("ledger-import", "--plan", "1", "--kind", "employment", file.toString(), dataDir());
        assertThat(strict.exitCode()).as(strict.err()).isEqualTo(3);
        JsonNode refused = JSON.readTree(strict.out());
        assertThat(refused.get("accepted").asInt()).isZero();
        assertThat(refused.get("rejected")).hasSize(1);
        assertThat(refused.get("rejected").get(0).get("row").asInt()).isEqualTo(3);
        assertThat(refused.get("rejected").get(0).get("column").asText()).isEqualTo("身份证号");
        assertThat(refused.get("rejected").get(0).get("message").asText()).isEqualTo("身份证号校验位错误");
        assertThat(strict.err()).contains("整个文件未导入").doesNotContain("\n\n");
        assertThat(count("select count(*) from ledger_entry")).isZero();

        ForkedCommand valid = ForkedCommand.run("ledger-import", "--plan", "1", "--kind", "employment", file.toString(),
                "--valid-only", dataDir());
        assertThat(valid.exitCode()).as(valid.err()).isZero();
        JsonNode report = JSON.readTree(valid.out());
        assertThat(report.get("accepted").asInt()).isEqualTo(2);
        assertThat(report.get("updated").asInt()).isZero();
        assertThat(report.get("duplicates").asInt()).isEqualTo(1);
        assertThat(report.get("rejected")).hasSize(1);
        assertThat(report.get("warnings")).isEmpty();

        ForkedCommand again = ForkedCommand.run("ledger-import", "--plan", "1", "--kind", "employment", file.toString(),
                "--valid-only", dataDir());
        JsonNode second = JSON.readTree(again.out());
        assertThat(second.get("accepted").asInt()).isZero();
        assertThat(second.get("duplicates").asInt()).isEqualTo(3);

        ForkedCommand values = ForkedCommand.run("indicator-values", "--plan", "1", "--as-of", "2021-12-31", dataDir());
        assertThat(values.exitCode()).as(values.err()).isZero();
        JsonNode rows = JSON.readTree(values.out());
        JsonNode five = find(rows, "5");
        assertThat(five.get("actual").decimalValue()).isEqualByComparingTo("1");
        assertThat(five.get("source").asText()).isEqualTo("ledger");
        assertThat(five.get("measureUnit").asText()).isEqualTo("人");
        assertThat(find(rows, "7").get("actual").decimalValue()).isEqualByComparingTo("1");
        assertThat(find(rows, "1").get("source").asText()).isEqualTo("none");
        assertThat(rows.get(0).propertyNames()).containsExactly("code", "name", "measureUnit", "actual", "source");
    }

    private static JsonNode find(JsonNode rows, String code) {
        for (JsonNode row : rows) if (code.equals(row.get("code").asText())) return row;
        throw new AssertionError("no indicator " + code);
    }

    @Test
    void unusableInputEndsWithExitCode2AndWritesNothing() throws Exception {
        importSeed();
        Path notXlsx = dir.resolve("台账.xlsx");
        Files.writeString(notXlsx, "不是表格");
        ForkedCommand bad = ForkedCommand.run("ledger-import", "--plan", "1", "--kind", "employment", notXlsx.toString(), dataDir());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err().strip()).startsWith("xiezuo ledger-import: ").doesNotContain("\n");

        assertThat(ForkedCommand.inThisJvm("ledger-import", "--plan", "1", "--kind", "nonsense", notXlsx.toString(), dataDir())
                .exitCode()).isEqualTo(2);
        assertThat(ForkedCommand.inThisJvm("ledger-import", "--plan", "1", "--kind", "employment", dir.resolve("none.xlsx").toString(),
                dataDir()).exitCode()).isEqualTo(2);
        assertThat(ForkedCommand.inThisJvm("ledger-import", "--kind", "employment", notXlsx.toString(), dataDir()).exitCode())
                .isEqualTo(2);
        assertThat(count("select count(*) from ledger_entry")).isZero();
    }

    @Test
    void T62_aProcessKilledMidImportLeavesNoPartialRowsAndNoStaleLock() throws Exception {
        importSeed();
        int rows = 40_000;
        Path file = Workbooks.streaming("cli-kill-" + dir.getFileName(), HEADERS, rows, i -> row(i + 1, id(i), "浙江省"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=target", "-cp", System.getProperty("java.class.path"), XiezuoApplication.class.getName(),
                "ledger-import", "--plan", "1", "--kind", "employment", file.toString(), dataDir()));
        // this JVM holds the H2 file open for the whole test, so it serves the database (AUTO_SERVER) and the
        // import's process is a client of it: killing the process drops its connection mid-transaction
        try (Connection held = DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve("data").resolve("xiezuo") + ";MODE=PostgreSQL;AUTO_SERVER=TRUE", "sa", "")) {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("kill.log").toFile()).start();
            killMidImport(process, held);
        }

        assertThat(count("select count(*) from ledger_entry")).isZero();
        assertThat(count("select count(*) from ledger_person")).isZero();
        assertThat(count("select count(*) from ledger_batch")).isZero();
        assertThat(count("select count(*) from ledger_import_job where status = 'RUNNING'")).as("shown as interrupted once stale")
                .isEqualTo(1);

        ForkedCommand retry = ForkedCommand.run("ledger-import", "--plan", "1", "--kind", "employment", file.toString(), dataDir());
        assertThat(retry.exitCode()).as(retry.err()).isZero();
        JsonNode report = JSON.readTree(retry.out());
        assertThat(report.get("rejected")).isEmpty();
        assertThat(report.get("accepted").asInt() + report.get("duplicates").asInt()).isEqualTo(rows);
        assertThat(count("select count(*) from ledger_entry")).isEqualTo(report.get("accepted").asLong());
    }

    private void killMidImport(Process process, Connection held) throws Exception {
        Instant until = Instant.now().plus(Duration.ofSeconds(120));
        long read = 0;
        while (Instant.now().isBefore(until) && process.isAlive()) {
            try (ResultSet rs = held.createStatement().executeQuery("select coalesce(max(rows_read), 0) from ledger_import_job")) {
                rs.next();
                read = rs.getLong(1);
            }
            if (read >= 5000) break;
            Thread.sleep(200);
        }
        assertThat(process.isAlive()).as("the import was still running when it was killed").isTrue();
        assertThat(read).isGreaterThanOrEqualTo(5000);
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // the server notices the dropped connection and rolls its transaction back
        Instant settled = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(settled)) {
            try (ResultSet rs = held.createStatement().executeQuery("select count(*) from ledger_entry")) {
                rs.next();
                if (rs.getLong(1) == 0) break;
            }
            Thread.sleep(200);
        }
    }
}
