package org.xiezuo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xiezuo.XiezuoApplication;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.support.ForkedCommand;

/**
 * {@code audit-verify} (docs/cli.md): an intact trail prints {@code 审计日志完整：共 N 条记录} on stdout and
 * exits 0; a changed row is named on stderr — position, id and time — with exit code 3 and nothing on
 * stdout; an unreachable database exits 4.
 */
class AuditVerifyCommandTests {

    private Path dir;

    @BeforeEach
    void createWorkingDirectory() throws IOException {
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "cli-audit-");
    }

    private String dataDir() {
        return "--xiezuo.data-dir=" + dir.resolve("data");
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("data").resolve("xiezuo")
                + ";MODE=PostgreSQL;AUTO_SERVER=TRUE", "sa", "");
    }

    private long number(String sql, long... params) throws SQLException {
        try (Connection connection = database(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) query.setLong(i + 1, params[i]);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void setDetail(long id, String detail) throws SQLException {
        try (Connection connection = database();
             PreparedStatement update = connection.prepareStatement("update audit_event set detail = ? where id = ?")) {
            update.setString(1, detail);
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    @Test
    void anIntactTrailIsCountedAndAChangedRowIsNamedWithExitCode3() throws Exception {
        Path seed = dir.resolve("seed.txt");
        Files.write(seed, SeedDocuments.text());
        ForkedCommand imported = ForkedCommand.run("import", seed.toString(), dataDir());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        long rows = number("select count(*) from audit_event");
        assertThat(rows).isPositive();

        ForkedCommand intact = ForkedCommand.run("audit-verify", dataDir());

        assertThat(intact.exitCode()).as(intact.err()).isZero();
        assertThat(intact.out()).isEqualTo("审计日志完整：共 " + rows + " 条记录" + System.lineSeparator());
        assertThat(intact.err()).isEmpty();

        long target = number("select min(id) from audit_event where id > (select min(id) from audit_event)");
        long position = number("select count(*) from audit_event where id <= ?", target);
        setDetail(target, "事后改写");

        ForkedCommand broken = ForkedCommand.run("audit-verify", dataDir());

        assertThat(broken.exitCode()).isEqualTo(3);
        assertThat(broken.out()).isEmpty();
        assertThat(broken.err().strip())
                .startsWith("xiezuo audit-verify: 审计日志在第 " + position + " 条记录（id=" + target + "，时间 ")
                .contains("+08:00）处被篡改：本条内容与其哈希不符")
                .doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void anUnreachableDatabaseEndsWithExitCode4() throws Exception {
        ForkedCommand run = ForkedCommand.run("audit-verify", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:9/xiezuo",
                "--spring.datasource.username=nobody", "--spring.datasource.password=x");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).startsWith("xiezuo audit-verify: 数据库不可用或被占用").doesNotContain("\n");
    }

    @Test
    void helpNamesTheCommand() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"help"}, XiezuoApplication.class, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("audit-verify");
    }
}
