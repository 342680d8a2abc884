package org.xiezuo.reporting.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.EvidenceSamples;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ApiTokens;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * SECURITY.md T39 on the real server: a 21 MB evidence file sent over HTTP to embedded Tomcat is cut off
 * by the multipart limit (20 MB, the same as the evidence limit) and answered 413 with the limit named
 * — on the API as a problem detail, on the page as the Chinese error page, also when a browser without
 * scripts sends the CSRF token inside the oversize form — no evidence row is written
 * and no upload part is left in any temporary directory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceOversizeHttpTests {

    static final int MB = 1024 * 1024;
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort int port;
    @Autowired org.xiezuo.ledger.Bindings bindings;
    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired ApiTokens tokens;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired ReportingQueries queries;
    @Autowired JdbcClient jdbc;

    ScopeFixture district;
    long education;
    long june;
    PlanBook.IndicatorRow schools;
    Sessions.Signed reporter;
    String token;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void signedIn() throws Exception {
        district = ScopeFixture.importFor(imports, planQueries, "超限测试区");
        DepartmentReporting.only(bindings, district.planId()); // department reporting, not ledgers
        education = district.unit("区教育局");
        june = queries.periods(Actor.system(), district.planId()).get(5).id();
        schools = district.book().indicators().stream().filter(i -> "3".equals(i.code())).findFirst().orElseThrow();
        reporter = Sessions.create(mvc, accounts, "os-jy", Set.of(Role.REPORTER), Set.of(education));
        token = tokens.create(Actor.user("os-jy", "os-jy", Set.of(Role.REPORTER), Set.of(education), Set.of(district.districtId())),
                "测试", 30).secret();
    }

    /** A multipart body with the line field and the file, built by hand as a browser sends it. */
    static byte[] multipart(String boundary, String field, String value, String fileName, byte[] content) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n" + value + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n";
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(start, start.length + content.length + end.length);
        System.arraycopy(content, 0, body, start.length, content.length);
        System.arraycopy(end, 0, body, start.length + content.length, end.length);
        return body;
    }

    HttpResponse<String> post(String path, byte[] body, String boundary, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Upload parts the server may have left anywhere under the temporary directory (target/ in tests). */
    static List<Path> leftoverParts() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> files = Files.walk(tmp)) {
            return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches("upload_.*\\.tmp")).toList();
        }
    }

    long evidenceRows() {
        return jdbc.sql("select count(*) from reporting_evidence e join reporting_report r on r.id = e.report_id where r.plan_id = :p")
                .param("p", district.planId()).query(Long.class).single();
    }

    @Test
    void T39_anOversizeUploadToTheRealServerNamesTheLimitAndLeavesNothingBehind() throws Exception {
        byte[] big = Arrays.copyOf(EvidenceSamples.pdf(), 21 * MB);
        String boundary = "----xiezuo" + UUID.randomUUID();
        byte[] body = multipart(boundary, "indicator", String.valueOf(schools.id()), "scan.pdf", big);
        List<Path> partsBefore = leftoverParts();
        String path = "/periods/" + june + "/units/" + education + "/evidence";

        HttpResponse<String> api = post("/api/v1" + path, body, boundary, "Authorization", "Bearer " + token);
        assertThat(api.statusCode()).isEqualTo(413);
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(api.body()).contains("文件超过20MB上限").doesNotContain("Exception", "org.");

        String session = "XIEZUO_SESSION=" + reporter.cookie().getValue();
        HttpResponse<String> plan = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/plans/" + district.planId()))
                .header("Cookie", session).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Matcher csrf = CSRF.matcher(plan.body());
        assertThat(csrf.find()).as("a CSRF token for the session").isTrue();
        HttpResponse<String> page = post(path, body, boundary, "Cookie", session, "X-CSRF-TOKEN", csrf.group(1));
        assertThat(page.statusCode()).isEqualTo(413);
        assertThat(page.body()).contains("文件超过20MB上限").doesNotContain("Exception");

        // a browser without scripts sends the CSRF token in the form itself: the limit is met before the token is read
        byte[] formBody = multipart(boundary, "_csrf", csrf.group(1), "scan.pdf", big);
        HttpResponse<String> browser = post(path, formBody, boundary, "Cookie", session, "Accept", "text/html");
        assertThat(browser.statusCode()).isEqualTo(413);
        assertThat(browser.body()).contains("文件过大", "文件超过20MB上限，未保存");

        assertThat(evidenceRows()).isZero();
        assertThat(leftoverParts()).as("upload parts left behind").isSubsetOf(partsBefore);
    }
}
