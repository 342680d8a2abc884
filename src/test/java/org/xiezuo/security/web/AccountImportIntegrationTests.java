package org.xiezuo.security.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.xiezuo.security.web.AccountFixtures.body;
import static org.xiezuo.security.web.AccountFixtures.open;
import static org.xiezuo.security.web.AccountFixtures.unique;
import static org.xiezuo.security.web.AccountFixtures.workbook;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import jakarta.servlet.http.Cookie;

import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.AccountAdministration.AccountView;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;
import org.xiezuo.unit.Organisation;

/**
 * Bulk creation of accounts from a workbook: a valid file creates every row, each with a temporary
 * password shown once; a file with wrong rows creates none and names every problem with its row and
 * column; unsafe or wrong files are refused before POI reads them; the template round-trips.
 */
@XiezuoTest
@AutoConfigureMockMvc
class AccountImportIntegrationTests {

    static final Actor OPERATOR = Actor.cliAdministrator("test");
    private static final Pattern CREATED = Pattern.compile(
            "data-created=\"([^\"]+)\"[\\s\\S]*?data-temporary-password>([^<]+)<");

    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired Organisation organisation;
    @Autowired JdbcClient jdbc;

    Cookie admin;
    AccountFixtures.Place place;
    AccountFixtures.Place other;

    @BeforeEach
    void signInAndMakeUnits() throws Exception {
        admin = Sessions.create(mvc, accounts, unique("adm-"), Set.of(Role.ADMIN), Set.of()).cookie();
        place = AccountFixtures.place(organisation, "区教育局", "区人力社保局", "区卫健局");
        other = AccountFixtures.place(organisation, "区教育局");
        organisation.addAlias(Actor.system(), place.unit("区人力社保局"), "区人社局");
    }

    private MockHttpServletResponse upload(String name, byte[] content) throws Exception {
        return mvc.perform(multipart("/admin/accounts/import")
                .file(new MockMultipartFile("file", name, "application/octet-stream", content))
                .cookie(admin).with(csrf())).andReturn().getResponse();
    }

    private long accountCount() {
        return jdbc.sql("select count(*) from security_account").query(Long.class).single();
    }

    private static List<String> problems(String page) {
        Matcher m = Pattern.compile("<li data-problem>([^<]+)</li>").matcher(page);
        List<String> found = new ArrayList<>();
        while (m.find()) found.add(m.group(1).replace("&quot;", "\""));
        return found;
    }

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    @Test
    void aValidWorkbookCreatesEveryRowWithATemporaryPasswordShownOnce() throws Exception {
        String reporter = unique("rep.");
        String head = unique("head_");
        String auditor = unique("aud-");
        byte[] file = workbook(List.of(
                row("角色", "姓名", "用户名", "手机号", "单位", "电子邮箱"),
                row("填报员", "王填报", reporter, 13800138000L, place.district() + "/区教育局、" + place.district() + "／区卫健局", ""),
                row("UNIT_HEAD、leader", "李负责", head, "", place.district() + "/区人社局", "li@example.com"),
                row(),
                row("审计管理员", "赵审计", auditor, "13912345678", "", "")));

        MockHttpServletResponse response = upload("账号.xlsx", file);

        String page = body(response);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(page).contains("已从「账号.xlsx」创建 3 个账号", "只显示这一次").doesNotContain("data-problem");
        Matcher created = CREATED.matcher(page);
        List<String> usernames = new ArrayList<>();
        String reporterPassword = null;
        while (created.find()) {
            usernames.add(created.group(1));
            if (created.group(1).equals(reporter)) reporterPassword = org.springframework.web.util.HtmlUtils.htmlUnescape(created.group(2));
        }
        assertThat(usernames).containsExactly(reporter, head, auditor);

        AccountView r = accounts.findByUsername(OPERATOR, reporter).orElseThrow();
        assertThat(r.roles()).containsExactly(Role.REPORTER);
        assertThat(r.units()).extracting(AccountAdministration.UnitRef::id)
                .containsExactlyInAnyOrder(place.unit("区教育局"), place.unit("区卫健局"));
        assertThat(r.phone()).isEqualTo("13800138000");
        assertThat(r.mustChangePassword()).isTrue();
        AccountView h = accounts.findByUsername(OPERATOR, head).orElseThrow();
        assertThat(h.roles()).containsExactlyInAnyOrder(Role.UNIT_HEAD, Role.LEADER);
        assertThat(h.unitNames()).isEqualTo("区人力社保局");
        assertThat(accounts.findByUsername(OPERATOR, auditor).orElseThrow().roles()).containsExactly(Role.AUDITOR);

        assertThat(mvc.perform(post("/login").param("username", reporter).param("password", reporterPassword).with(csrf()))
                .andReturn().getResponse().getRedirectedUrl()).isEqualTo("/account/second-factor");
        assertThat(body(open(mvc, "/admin/accounts/import", admin))).doesNotContain(reporterPassword);
        assertThat(jdbc.sql("select detail from audit_event where event_type = 'ACCOUNTS_IMPORTED' and object_id = '账号.xlsx'")
                .query(String.class).single()).contains("3个", reporter, head, auditor);
    }

    @Test
    void aWorkbookWithWrongRowsCreatesNoneAndNamesEveryProblemWithRowAndColumn() throws Exception {
        String taken = unique("taken-");
        accounts.create(OPERATOR, new AccountAdministration.NewAccount(taken, "已有", Set.of(Role.LEADER), Set.of(), null,
                null, null));
        String twice = unique("twice-");
        String fine = unique("fine-");
        byte[] file = workbook(List.of(
                row("用户名", "姓名", "单位", "角色", "手机号", "电子邮箱"),
                row(unique("a-"), "甲", place.district() + "/区教育局", "局长", "", ""),
                row(unique("b-"), "乙", "区不存在局", "填报员", "", ""),
                row(twice, "丙", place.district() + "/区教育局", "填报员", "", ""),
                row(twice, "丁", place.district() + "/区教育局", "填报员", "", ""),
                row(taken, "戊", "", "领导", "", ""),
                row(unique("c-"), "己", "", "领导", "1381234567", "not-an-email"),
                row(unique("d-"), "庚", "", "系统管理员、审计管理员", "", ""),
                row(unique("e-"), "=CONCAT(\"辛\",\"\")", "", "领导", "", ""),
                row(unique("f-"), "壬", "", "填报员", "", ""),
                row(unique("g-"), "癸", "区教育局", "填报员", "", ""),
                row("x", "", "", "", "", ""),
                row(fine, "子", place.district() + "/区卫健局", "填报员", "", "")));
        long before = accountCount();

        String page = body(upload("错误.xlsx", file));

        List<String> problems = problems(page);
        assertThat(problems).hasSize(13);
        assertThat(problems.subList(0, 9)).containsExactly(
                "第2行【角色】：未知角色「局长」",
                "第3行【单位】：未知单位「区不存在局」",
                "第5行【用户名】：用户名「" + twice + "」与第4行重复",
                "第6行【用户名】：用户名「" + taken + "」已被使用",
                "第7行【手机号】：手机号应为11位中国大陆手机号码",
                "第7行【电子邮箱】：电子邮箱格式不正确",
                "第8行【角色】：系统管理员、安全管理员、审计管理员三个角色互斥，且不能与其他角色兼任",
                "第9行【姓名】：单元格含公式，请改为直接填写内容",
                "第10行【单位】：部门负责人和填报员须绑定至少一个单位");
        assertThat(problems.get(9)).startsWith("第11行【单位】：单位「区教育局」在多个地区都有（")
                .contains(place.district(), other.district(), "），请写成「地区/单位」，如「");
        assertThat(problems.subList(10, 13)).containsExactly(
                "第12行【用户名】：用户名应为3至64位字母、数字、下划线、点或连字符",
                "第12行【姓名】：姓名应为1至100个字符",
                "第12行【角色】：至少需要一个角色");
        assertThat(page).contains("有 13 个问题，未创建任何账号");
        assertThat(accountCount()).isEqualTo(before);
        assertThat(accounts.findByUsername(OPERATOR, fine)).isEmpty();
        assertThat(jdbc.sql("select detail from audit_event where event_type = 'ACCOUNTS_IMPORT_REFUSED' and object_id = '错误.xlsx'")
                .query(String.class).single()).contains("13个问题", "未创建任何账号");
    }

    @Test
    void theHeaderIsMatchedByNameAndAMissingOrUnknownColumnIsReported() throws Exception {
        byte[] file = workbook(List.of(
                row("姓名", "部门", "用户名", "姓名"),
                row("张三", "区教育局", unique("h-"), "张三")));

        assertThat(problems(body(upload("表头.xlsx", file)))).containsExactly(
                "第1行：未知列「部门」，可用的列：用户名、姓名、单位、角色、手机号、电子邮箱",
                "第1行：列【姓名】重复",
                "第1行：缺少必填列【角色】");

        byte[] headless = workbook(List.of(
                row("用户名", "姓名", "角色", null, "单位"),
                row(unique("h-"), "张三", "领导", "多余的内容", "")));
        assertThat(problems(body(upload("无列名.xlsx", headless))))
                .containsExactly("第2行：第D列有内容但没有列名，请删除该列内容或补上列名");
    }

    @Test
    void wrongOrUnsafeFilesAreRefusedBeforeAnyRowIsRead() throws Exception {
        byte[] valid = workbook(List.of(row("用户名", "姓名", "角色"), row(unique("v-"), "张三", "领导")));
        byte[] tooBig = new byte[2 * 1024 * 1024 + 1];
        new Random(3).nextBytes(tooBig);
        List<Object[]> cases = List.of(
                new Object[] {"账号.xls", valid, "不支持旧版 Excel（.xls）"},
                new Object[] {"账号.csv", "用户名,姓名,角色\n".getBytes(StandardCharsets.UTF_8), "只接受 Excel 工作簿（.xlsx）"},
                new Object[] {"大.xlsx", tooBig, "文件超过2MB上限"},
                new Object[] {"假.xlsx", "用户名,姓名,角色\n".getBytes(StandardCharsets.UTF_8), "文件不是 Excel 工作簿（.xlsx）"},
                new Object[] {"截断.xlsx", Arrays.copyOf(valid, valid.length / 2), "文件无法解析"},
                new Object[] {"炸弹.xlsx", bomb(), "疑似压缩炸弹"},
                new Object[] {"实体.xlsx", withDoctype(valid), "DOCTYPE"},
                new Object[] {"空.xlsx", workbook(List.of(row("用户名", "姓名", "角色"))), "表头下面没有数据行"});
        long before = accountCount();
        for (Object[] c : cases) {
            MockHttpServletResponse response = upload((String) c[0], (byte[]) c[1]);
            assertThat(response.getStatus()).as((String) c[0]).isEqualTo(200);
            assertThat(problems(body(response))).as((String) c[0]).singleElement().asString().contains((String) c[2]);
        }
        assertThat(accountCount()).isEqualTo(before);

        List<List<Object>> many = new ArrayList<>();
        many.add(row("用户名", "姓名", "角色"));
        for (int i = 0; i < 501; i++) many.add(row("many" + i, "某人", "领导"));
        assertThat(problems(body(upload("多.xlsx", workbook(many))))).containsExactly("数据超过500行上限，请分批导入");
        assertThat(accountCount()).isEqualTo(before);
    }

    @Test
    void theTemplateHasTheHeaderAnExampleAndTheUnitsAndImportsAsItIs() throws Exception {
        MockHttpServletResponse response = open(mvc, "/admin/accounts/template", admin);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(response.getHeader("Content-Disposition")).startsWith("attachment;").contains(".xlsx");
        byte[] template = response.getContentAsByteArray();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(template))) {
            XSSFSheet sheet = workbook.getSheetAt(0);
            List<String> header = new ArrayList<>();
            sheet.getRow(0).forEach(cell -> header.add(cell.getStringCellValue()));
            assertThat(header).containsExactly("用户名", "姓名", "单位", "角色", "手机号", "电子邮箱");
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("zhangsan");
            assertThat(sheet.getRow(1).getCell(3).getStringCellValue()).isEqualTo("填报员");
            String notes = new org.apache.poi.xssf.extractor.XSSFExcelExtractor(workbook).getText();
            assertThat(notes).contains("系统管理员", "SECURITY_ADMIN", place.district(), "区人社局", "地区/单位");
        }

        String page = body(upload("账号导入模板.xlsx", template));
        assertThat(page).contains("data-created=\"zhangsan\"");
        assertThat(accounts.findByUsername(OPERATOR, "zhangsan").orElseThrow().roles()).containsExactly(Role.REPORTER);
    }

    @Test
    void onlyTheSystemAdministratorImports() throws Exception {
        Cookie security = Sessions.create(mvc, accounts, unique("sec-"), Set.of(Role.SECURITY_ADMIN), Set.of()).cookie();
        byte[] file = workbook(List.of(row("用户名", "姓名", "角色"), row(unique("no-"), "张三", "领导")));
        long before = accountCount();

        assertThat(mvc.perform(multipart("/admin/accounts/import")
                .file(new MockMultipartFile("file", "a.xlsx", "application/octet-stream", file))
                .cookie(security).with(csrf())).andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(accountCount()).isEqualTo(before);
    }

    /** A valid-looking workbook whose sheet inflates past the 20 MB cap. */
    private static byte[] bomb() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("xl/workbook.xml"));
            zip.write("<workbook/>".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 25; i++) zip.write(spaces);
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    /** The workbook with a DOCTYPE declaring an entity put into its first sheet. */
    private static byte[] withDoctype(byte[] xlsx) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(xlsx)); ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    String xml = new String(content, StandardCharsets.UTF_8);
                    int start = xml.indexOf("?>") + 2;
                    content = (xml.substring(0, start) + "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                            + xml.substring(start)).getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
