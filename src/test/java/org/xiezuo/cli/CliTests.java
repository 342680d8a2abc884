package org.xiezuo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xiezuo.support.ForkedCommand;
import org.xiezuo.importer.SeedDocuments;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command-line contract (docs/cli.md): stdout carries only the result, errors are one line on
 * stderr naming the file and the reason, and the exit codes say what happened — 0 done, 2 unusable
 * input, 3 refused by validation, 4 database unavailable — with nothing written when the input is bad.
 */
class CliTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Path dir;

    @BeforeEach
    void createWorkingDirectory() throws IOException {
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "cli-");
    }

    private Path file(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    private String dataDir() {
        return "--xiezuo.data-dir=" + dir.resolve("data");
    }

    private long plansIn(Path dataDir) throws SQLException {
        Path database = dataDir.resolve("xiezuo.mv.db");
        if (!Files.exists(database)) return 0;
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + dataDir.resolve("xiezuo") + ";MODE=PostgreSQL;AUTO_SERVER=TRUE", "sa", "");
             ResultSet rs = connection.createStatement().executeQuery(
                     "select count(*) from information_schema.tables where lower(table_name) = 'plan'")) {
            rs.next();
            if (rs.getLong(1) == 0) return 0;
            try (ResultSet plans = connection.createStatement().executeQuery("select count(*) from plan")) {
                plans.next();
                return plans.getLong(1);
            }
        }
    }

    @Test
    void parsePrintsOnlyTheTaskBookAsJsonAndTouchesNoDatabase() throws Exception {
        Path seed = file("000_8dbde2f5342aad4c.txt", SeedDocuments.text());

        ForkedCommand run = ForkedCommand.run("parse", seed.toString(), dataDir());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("plan").get("docNumber").asString()).isEqualTo("舟普政办〔2021〕71号");
        assertThat(json.get("units").size()).isEqualTo(24);
        assertThat(json.get("tasks").size()).isEqualTo(42);
        assertThat(json.get("indicators").size()).isEqualTo(38);
        assertThat(json.get("warnings").size()).isEqualTo(8);
        assertThat(json.get("indicators").get(13).get("target").isNumber()).isTrue();
        assertThat(json.get("indicators").get(13).get("target").decimalValue()).isEqualByComparingTo("0.3");
        assertThat(Files.exists(dir.resolve("data"))).isFalse();
    }

    @Test
    void importWritesThePlanAsTheCommandLineUserAndRefusesADuplicate() throws Exception {
        Path seed = file("seed.docx", SeedDocuments.docx());

        ForkedCommand first = ForkedCommand.run("import", seed.toString(), dataDir());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out().strip()).isEqualTo("{\"planId\": 1}");
        assertThat(first.err()).isEmpty();

        ForkedCommand again = ForkedCommand.run("import", seed.toString(), dataDir());
        assertThat(again.exitCode()).isEqualTo(3);
        assertThat(again.out()).isEmpty();
        assertThat(again.err().strip()).contains("已存在相同文号和标题的任务书").doesNotContain("\n");
        assertThat(plansIn(dir.resolve("data"))).isEqualTo(1);

        ForkedCommand update = ForkedCommand.run("import", seed.toString(), "--update", dataDir());
        assertThat(update.exitCode()).as(update.err()).isZero();
        assertThat(update.out().strip()).isEqualTo("{\"planId\": 1}");
        assertThat(plansIn(dir.resolve("data"))).isEqualTo(1);
        assertThat(auditActors(dir.resolve("data"))).allMatch(actor -> actor.startsWith("cli:"));
    }

    private List<String> auditActors(Path dataDir) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + dataDir.resolve("xiezuo") + ";MODE=PostgreSQL;AUTO_SERVER=TRUE", "sa", "");
             ResultSet rs = connection.createStatement().executeQuery("select distinct actor from audit_event")) {
            List<String> actors = new ArrayList<>();
            while (rs.next()) actors.add(rs.getString(1));
            return actors;
        }
    }

    @Test
    void everyKindOfBadInputEndsWithExitCode2AClearLineAndNothingWritten() throws Exception {
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        List<Object[]> cases = List.of(
                new Object[] {dir.resolve("missing.docx"), "文件不存在"},
                new Object[] {file("empty.txt", new byte[0]), "文件为空"},
                new Object[] {file("notes.txt", "会议纪要\n今天讨论了食堂菜单。\n".getBytes(StandardCharsets.UTF_8)), "未能识别为任务书"},
                new Object[] {file("binary.txt", random), "文件不是"},
                new Object[] {file("corrupt.docx", java.util.Arrays.copyOf(SeedDocuments.docx(), 2000)), "文件无法解析"},
                new Object[] {file("bomb.xlsx", ZipBombs.inflatingTo(300L << 20)), "疑似压缩炸弹"},
                new Object[] {file("old.doc", new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0, 0, 0}), "旧版"},
                new Object[] {file("photo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}), "不支持的文件类型"});
        for (Object[] c : cases) {
            Path path = (Path) c[0];
            ForkedCommand parse = ForkedCommand.inThisJvm("parse", path.toString());
            assertThat(parse.exitCode()).as(path + ": " + parse.err()).isEqualTo(2);
            assertThat(parse.out()).isEmpty();
            assertThat(parse.err().strip()).startsWith("xiezuo parse: " + path.getFileName()).contains((String) c[1])
                    .doesNotContain("\n").doesNotContain("Exception");

            ForkedCommand imported = ForkedCommand.inThisJvm("import", path.toString(), dataDir());
            assertThat(imported.exitCode()).as(path + ": " + imported.err()).isEqualTo(2);
            assertThat(imported.err().strip()).contains((String) c[1]);
        }
        assertThat(plansIn(dir.resolve("data"))).isZero();
    }

    @Test
    void aFileOverTheConfiguredLimitIsRefusedBeforeItIsRead() throws Exception {
        Path seed = file("seed.txt", SeedDocuments.text());

        ForkedCommand run = ForkedCommand.inThisJvm("parse", seed.toString(), "--xiezuo.importer.max-file-size=1KB");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("xiezuo parse: seed.txt: 文件超过1KB上限");
    }

    @Test
    void missingArgumentsAreUnusableInput() {
        ForkedCommand run = ForkedCommand.inThisJvm("parse");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("xiezuo parse: 缺少参数：FILE（任务书文件）");
    }

    @Test
    void anUnreachableDatabaseEndsWithExitCode4AndNothingOnStdout() throws Exception {
        Path seed = file("seed.txt", SeedDocuments.text());

        ForkedCommand run = ForkedCommand.run("import", seed.toString(), "--spring.datasource.url=jdbc:postgresql://127.0.0.1:9/xiezuo",
                "--spring.datasource.username=nobody", "--spring.datasource.password=x");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).startsWith("xiezuo import: 数据库不可用或被占用").doesNotContain("\n");
    }
}
