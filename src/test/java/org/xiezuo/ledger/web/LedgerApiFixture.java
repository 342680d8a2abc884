package org.xiezuo.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ApiTokens;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * A district of its own with the reference task book, and what the ledger API and file tests do with
 * it: accounts with API tokens (and, for the pages, real sign-ins), requests as clients send them,
 * problem details, downloads and their {@code Content-Disposition}, and the XML parts of an .xlsx.
 */
final class LedgerApiFixture {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILENAME_STAR = Pattern.compile("filename\\*=UTF-8''([^;]+)");

    final MockMvc mvc;
    final AccountAdministration accounts;
    final ApiTokens tokens;
    final String tag = UUID.randomUUID().toString().substring(0, 6);
    final ScopeFixture district;
    final long planId;
    final long labour;     // 区人力社保局: the unit the employment rows credit
    final long office;     // 区发改局: the coordinator's and leader's unit
    final long education;  // 区教育局: a unit with no employment records

    LedgerApiFixture(MockMvc mvc, AccountAdministration accounts, ApiTokens tokens, DocumentImports imports,
                     PlanQueries planQueries, String districtName) {
        this.mvc = mvc;
        this.accounts = accounts;
        this.tokens = tokens;
        district = ScopeFixture.importFor(imports, planQueries, districtName + tag);
        planId = district.planId();
        labour = district.unit("区人力社保局");
        office = district.unit("区发改局");
        education = district.unit("区教育局");
    }

    String username(String prefix) {
        return prefix + "-" + tag;
    }

    /** An account with this role and unit, and an API token of it (no sign-in: the API takes tokens only). */
    String token(String prefix, Role role, long unit) {
        String username = username(prefix);
        accounts.create(Actor.cliAdministrator("test"), new AccountAdministration.NewAccount(username, "测试" + username,
                Set.of(role), Set.of(unit), null, null, "Tmp-Pass-2026!x"));
        return tokenOf(username, role, unit);
    }

    String tokenOf(String username, Role role, long unit) {
        return tokens.create(Actor.user(username, username, Set.of(role), Set.of(unit), Set.of(district.districtId())), "测试", 30)
                .secret();
    }

    /** An account signed in on the pages through every step. */
    Sessions.Signed person(String prefix, Role role, long unit) throws Exception {
        return Sessions.create(mvc, accounts, username(prefix), Set.of(role), Set.of(unit));
    }

    PlanBook.IndicatorRow indicator(String code) {
        return district.book().indicators().stream().filter(i -> code.equals(i.code())).findFirst().orElseThrow();
    }

    String api() {
        return "/api/v1/plans/" + planId;
    }

    String employment() {
        return api() + "/ledgers/employment";
    }

    MockHttpServletResponse call(String token, AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token)).andReturn().getResponse();
    }

    MockHttpServletResponse json(String token, MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token).contentType("application/json").content(body))
                .andReturn().getResponse();
    }

    /** Uploads a ledger file through the API; {@code jobId} may be null. */
    MockHttpServletResponse upload(String token, String kind, Path file, String mode, String jobId) throws Exception {
        var request = multipart(api() + "/ledgers/" + kind + "/imports")
                .file(new MockMultipartFile("file", file.getFileName().toString(),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Files.readAllBytes(file)))
                .param("mode", mode);
        if (jobId != null) request.param("jobId", jobId);
        return call(token, request);
    }

    /** A page request of a signed-in person; forms carry the CSRF token. */
    MockHttpServletResponse page(Sessions.Signed who, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.cookie(who.cookie()).with(csrf())).andReturn().getResponse();
    }

    static String body(MockHttpServletResponse response) throws Exception {
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    static JsonNode json(MockHttpServletResponse response) throws Exception {
        return JSON.readTree(body(response));
    }

    /** A problem detail: the status, the content type and the fields RFC 9457 names. */
    static JsonNode problem(MockHttpServletResponse response, int status) throws Exception {
        assertThat(response.getStatus()).as(body(response)).isEqualTo(status);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        return problem;
    }

    /** The file name of a download as RFC 5987 gives it ({@code filename*=UTF-8''…}). */
    static String fileName(MockHttpServletResponse response) {
        String disposition = response.getHeader(HttpHeaders.CONTENT_DISPOSITION);
        assertThat(disposition).startsWith("attachment");
        Matcher m = FILENAME_STAR.matcher(disposition);
        assertThat(m.find()).as(disposition).isTrue();
        return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    /** Every XML part of an .xlsx by name, as text: what a grep of the unzipped file sees. */
    static Map<String, String> xmlParts(byte[] xlsx) throws IOException {
        Map<String, String> parts = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(xlsx))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                parts.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(parts).containsKey("xl/worksheets/sheet1.xml");
        return parts;
    }

    static InputStream in(MockHttpServletResponse response) {
        return new ByteArrayInputStream(response.getContentAsByteArray());
    }
}
