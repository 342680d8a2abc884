package org.xiezuo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xiezuo.support.ForkedCommand;
import org.xiezuo.importer.SeedDocuments;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code user add} (docs/cli.md): creates the account as {@code cli:<os user>} and prints its id and
 * temporary password as JSON; an unknown role, an unknown unit or one that is ambiguous across districts
 * is unusable input (exit 2) named in the message; a taken user name is refused by validation (exit 3);
 * nothing is written in either case. Commands that start Spring run in a JVM of their own.
 */
class UserCommandTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Path dir;

    @BeforeEach
    void createWorkingDirectory() throws IOException {
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "cli-user-");
    }

    /** The command in a fresh JVM on this test's data directory. */
    private ForkedCommand fork(String... args) throws IOException, InterruptedException {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = "--xiezuo.data-dir=" + dir.resolve("data");
        return ForkedCommand.run(all);
    }

    private Path file(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("data").resolve("xiezuo")
                + ";MODE=PostgreSQL;AUTO_SERVER=TRUE", "sa", "");
    }

    private List<String> strings(String sql, Object... params) throws SQLException {
        try (Connection connection = database(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) statement.setObject(i + 1, params[i]);
            try (ResultSet rs = statement.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rs.next()) values.add(rs.getString(1));
                return values;
            }
        }
    }

    @Test
    void userAddCreatesTheAccountAndRefusesUnknownRolesUnitsAndTakenNames() throws Exception {
        assertThat(fork("import", file("seed.txt", SeedDocuments.text()).toString()).exitCode()).isZero();
        String otherDistrict = new String(SeedDocuments.text(), StandardCharsets.UTF_8).replace("普陀", "定海");
        ForkedCommand second = fork("import", file("dinghai.txt", otherDistrict.getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(second.exitCode()).as(second.err()).isZero();

        ForkedCommand security = fork("user", "add", "--username", "sec.li", "--name", "李安全", "--role", "SECURITY_ADMIN");
        assertThat(security.exitCode()).as(security.err()).isZero();
        assertThat(security.err()).isEmpty();
        JsonNode created = JSON.readTree(security.out());
        assertThat(created.get("accountId").isNumber()).isTrue();
        assertThat(created.get("username").asString()).isEqualTo("sec.li");
        assertThat(created.get("temporaryPassword").asString()).hasSizeGreaterThanOrEqualTo(16);

        ForkedCommand reporter = fork("user", "add", "--username", "wang.tb", "--name", "王填报", "--role", "填报员",
                "--role", "leader", "--unit", "舟山市普陀区/区教育局", "--unit", "舟山市普陀区/区人社局",
                "--password", "Tian-Bao-Yuan-2026!", "--phone", "13800138000");
        assertThat(reporter.exitCode()).as(reporter.err()).isZero();
        JsonNode chosen = JSON.readTree(reporter.out());
        assertThat(chosen.get("temporaryPassword").isNull()).isTrue();
        assertThat(strings("select r.role from security_account_role r join security_account a on a.id = r.account_id "
                + "where a.username = ? order by r.role", "wang.tb")).containsExactly("LEADER", "REPORTER");
        assertThat(strings("select u.name from security_account_unit au join unit u on u.id = au.unit_id "
                + "join security_account a on a.id = au.account_id where a.username = ? order by u.name", "wang.tb"))
                .containsExactly("区人力社保局", "区教育局");
        assertThat(strings("select count(*) from security_account where must_change_password = true"))
                .as("a password chosen on the command line is temporary too (T09)").containsExactly("2");
        assertThat(strings("select distinct actor from audit_event where object_id in ('sec.li', 'wang.tb')"))
                .singleElement().asString().startsWith("cli:");

        ForkedCommand unknownUnit = fork("user", "add", "--username", "x.unit", "--name", "某人", "--role", "REPORTER",
                "--unit", "区不存在局");
        assertThat(unknownUnit.exitCode()).isEqualTo(2);
        assertThat(unknownUnit.out()).isEmpty();
        assertThat(unknownUnit.err().strip()).isEqualTo("xiezuo user: --unit 区不存在局：未知单位「区不存在局」");

        ForkedCommand ambiguous = fork("user", "add", "--username", "x.amb", "--name", "某人", "--role", "REPORTER",
                "--unit", "区教育局");
        assertThat(ambiguous.exitCode()).isEqualTo(2);
        assertThat(ambiguous.err().strip()).startsWith("xiezuo user: --unit 区教育局：单位「区教育局」在多个地区都有（")
                .contains("舟山市定海区", "舟山市普陀区", "请写成「地区/单位」").doesNotContain("\n");

        ForkedCommand taken = fork("user", "add", "--username", "sec.li", "--name", "另一个", "--role", "AUDITOR");
        assertThat(taken.exitCode()).isEqualTo(3);
        assertThat(taken.out()).isEmpty();
        assertThat(taken.err().strip()).isEqualTo("xiezuo user: 用户名「sec.li」已被使用");

        assertThat(strings("select username from security_account order by username")).containsExactly("sec.li", "wang.tb");
    }

    @Test
    void badArgumentsAreRefusedBeforeTheDatabaseIsOpened() {
        String data = "--xiezuo.data-dir=" + dir.resolve("data");

        ForkedCommand role = ForkedCommand.inThisJvm("user", "add", "--username", "x.role", "--name", "某人", "--role", "局长", data);
        assertThat(role.exitCode()).isEqualTo(2);
        assertThat(role.out()).isEmpty();
        assertThat(role.err().strip()).startsWith("xiezuo user: 未知角色「局长」，可用：系统管理员（ADMIN）");

        assertThat(ForkedCommand.inThisJvm("user", "add", "--username", "x.role", "--name", "某人", data).err().strip())
                .isEqualTo("xiezuo user: 缺少参数：--role（角色）");
        assertThat(ForkedCommand.inThisJvm("user", "add", "--name", "某人", "--role", "LEADER", data).err().strip())
                .isEqualTo("xiezuo user: 缺少参数：--username（用户名）");
        ForkedCommand typo = ForkedCommand.inThisJvm("user", "add", "--username", "x", "--name", "某人", "--role", "LEADER", "--unti", "区教育局", data);
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err().strip()).isEqualTo("xiezuo user: 未知选项 --unti");
        assertThat(ForkedCommand.inThisJvm("user", "remove", data).err().strip()).isEqualTo("xiezuo user: 未知的子命令「remove」，可用：user add");
        assertThat(Files.exists(dir.resolve("data"))).isFalse();
    }

    @Test
    void validationErrorsExitWith3AndWriteNothing() throws Exception {
        ForkedCommand twoAdministrators = fork("user", "add", "--username", "two.adm", "--name", "兼任", "--role", "ADMIN",
                "--role", "AUDITOR");
        assertThat(twoAdministrators.exitCode()).isEqualTo(3);
        assertThat(twoAdministrators.err().strip())
                .isEqualTo("xiezuo user: 系统管理员、安全管理员、审计管理员三个角色互斥，且不能与其他角色兼任");

        ForkedCommand badPhone = fork("user", "add", "--username", "bad.phone", "--name", "某人", "--role", "LEADER",
                "--phone", "1381234567");
        assertThat(badPhone.exitCode()).isEqualTo(3);
        assertThat(badPhone.err().strip()).isEqualTo("xiezuo user: 手机号应为11位中国大陆手机号码");
        assertThat(strings("select username from security_account")).isEmpty();
    }
}
