package org.xiezuo.reporting.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ApiTokens;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * A district of its own with the reference task book, and what the reporting page and API tests do
 * with it: people signed in for real (password, second factor), their API tokens, and requests as
 * they send them — pages with the session cookie, htmx saves with the header htmx adds.
 */
final class PageFixture {

    private static final Pattern CSRF_FIELD = Pattern.compile("value=\"([^\"]+)\" data-csrf-header=\"([^\"]+)\"");

    final MockMvc mvc;
    final AccountAdministration accounts;
    final ApiTokens tokens;
    final ReportingQueries queries;
    final String tag = UUID.randomUUID().toString().substring(0, 6);
    final ScopeFixture district;
    final long education;
    final long health;
    final long office;
    final Actor officeActor;
    final List<ReportingQueries.PeriodRow> periods;
    final long june;
    final PlanBook.IndicatorRow schools;   // 3. 参与结对的东部学校数, 个, target 4, 区教育局 alone
    final PlanBook.IndicatorRow students;  // 13. …就读职业院校数, 人, target 30, 区教育局 + 区人力社保局
    final List<PlanBook.TaskRow> educationTasks;

    PageFixture(MockMvc mvc, AccountAdministration accounts, ApiTokens tokens, DocumentImports imports,
                   PlanQueries planQueries, ReportingQueries queries, org.xiezuo.ledger.Bindings bindings) {
        this.mvc = mvc;
        this.accounts = accounts;
        this.tokens = tokens;
        this.queries = queries;
        district = ScopeFixture.importFor(imports, planQueries, "填报页面测试区" + tag);
        org.xiezuo.ledger.DepartmentReporting.only(bindings, district.planId()); // department reporting, not ledgers
        education = district.unit("区教育局");
        health = district.unit("区卫健局");
        office = district.unit("区发改局");
        officeActor = Actor.user("office-" + tag, "协作办", Set.of(Role.COORDINATOR), Set.of(office), Set.of(district.districtId()));
        periods = queries.periods(officeActor, district.planId());
        june = periods.get(5).id();
        schools = indicator("3");
        students = indicator("13");
        educationTasks = district.book().tasks().stream().filter(t -> t.involves(education)).toList();
    }

    PlanBook.IndicatorRow indicator(String code) {
        return district.book().indicators().stream().filter(i -> code.equals(i.code())).findFirst().orElseThrow();
    }

    Sessions.Signed person(String prefix, Role role, long unit) throws Exception {
        return Sessions.create(mvc, accounts, prefix + "-" + tag, Set.of(role), Set.of(unit));
    }

    /** A personal access token of a signed-in person, acting with the account's roles and units. */
    String token(Sessions.Signed who, Role role, long unit) {
        return tokens.create(Actor.user(who.username(), who.username(), Set.of(role), Set.of(unit), Set.of(district.districtId())),
                "测试", 30).secret();
    }

    String sheetUrl(long period, long unit) {
        return "/periods/" + period + "/units/" + unit;
    }

    String lineUrl(long period, long unit, PlanBook.IndicatorRow indicator) {
        return sheetUrl(period, unit) + "/indicators/" + indicator.id();
    }

    String taskUrl(long period, long unit, PlanBook.TaskRow task) {
        return sheetUrl(period, unit) + "/tasks/" + task.id();
    }

    ReportingQueries.Sheet sheet(long period, long unit) {
        return queries.sheet(officeActor, period, unit);
    }

    ReportingQueries.ReportSummary report(long period, long unit) {
        return sheet(period, unit).report();
    }

    ReportingQueries.IndicatorEntry entry(long period, long unit, PlanBook.IndicatorRow indicator) {
        return sheet(period, unit).indicators().stream().filter(e -> e.indicator().id() == indicator.id()).findFirst().orElseThrow();
    }

    MockHttpServletResponse open(Sessions.Signed who, String url) throws Exception {
        return mvc.perform(get(url).cookie(who.cookie())).andReturn().getResponse();
    }

    /** A form posted as a browser without JavaScript posts it. */
    MockHttpServletResponse send(Sessions.Signed who, String url, String... pairs) throws Exception {
        return mvc.perform(form(post(url), pairs).cookie(who.cookie()).with(csrf())).andReturn().getResponse();
    }

    /**
     * A line saved as htmx saves it: the form fields, the {@code HX-Request} header, and the CSRF token in
     * the header reporting.js adds, read from the page the person has open.
     */
    MockHttpServletResponse hx(Sessions.Signed who, String page, String url, String... pairs) throws Exception {
        Matcher m = CSRF_FIELD.matcher(body(open(who, page)));
        assertThat(m.find()).as("the CSRF token for htmx on " + page).isTrue();
        return mvc.perform(form(post(url), pairs).cookie(who.cookie()).header("HX-Request", "true").header(m.group(2), m.group(1)))
                .andReturn().getResponse();
    }

    MockHttpServletResponse json(String token, MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token).contentType("application/json").content(body))
                .andReturn().getResponse();
    }

    MockHttpServletResponse api(String token, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token)).andReturn().getResponse();
    }

    static MockHttpServletRequestBuilder form(MockHttpServletRequestBuilder request, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) request.param(pairs[i], pairs[i + 1]);
        return request;
    }

    static String body(MockHttpServletResponse response) throws Exception {
        return response.getContentAsString(StandardCharsets.UTF_8);
    }
}
