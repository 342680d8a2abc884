package org.xiezuo.reporting.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.View;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.EvidenceFiles;
import org.xiezuo.reporting.EvidenceSamples;
import org.xiezuo.reporting.ReportForms;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.reporting.Validation.LineKind;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * The fragments of {@code reporting/evidence.html} as the sheet page will include them, rendered by the
 * application's own view resolver with a CSRF token: links, forms and tokens for an editable sheet, links
 * only for a reader, and file names and problems shown as text, never as markup.
 */
@XiezuoTest
class EvidenceFragmentTests {

    static final String SCRIPT_NAME = "<img src=x onerror=alert(1)>.pdf";

    @Autowired org.xiezuo.ledger.Bindings bindings;
    @Autowired ThymeleafViewResolver views;
    @Autowired WebApplicationContext context;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired ReportingQueries queries;
    @Autowired EvidenceFiles evidence;
    @Autowired ReportForms forms;

    ScopeFixture district;
    long education;
    long june;
    PlanBook.IndicatorRow schools;
    Actor reporter;
    Actor office;
    EvidenceFiles.Stored stored;

    @BeforeEach
    void aFileOnALine() {
        district = ScopeFixture.importFor(imports, planQueries, "片段测试区" + java.util.UUID.randomUUID().toString().substring(0, 6));
        DepartmentReporting.only(bindings, district.planId()); // department reporting, not ledgers
        education = district.unit("区教育局");
        june = queries.periods(Actor.system(), district.planId()).get(5).id();
        schools = district.book().indicators().stream().filter(i -> "3".equals(i.code())).findFirst().orElseThrow();
        reporter = Actor.user("frag-jy", "教育局填报员", Set.of(Role.REPORTER), Set.of(education), Set.of(district.districtId()));
        office = Actor.user("frag-xzb", "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")), Set.of(district.districtId()));
        stored = evidence.upload(reporter, june, education, LineKind.INDICATOR, schools.id(), SCRIPT_NAME, 100,
                new ByteArrayResource(EvidenceSamples.pdf()));
    }

    String render(String viewName, Map<String, Object> model) throws Exception {
        View view = views.resolveViewName(viewName, Locale.SIMPLIFIED_CHINESE);
        MockHttpServletRequest request = new MockHttpServletRequest(context.getServletContext());
        request.setAttribute(DispatcherServlet.WEB_APPLICATION_CONTEXT_ATTRIBUTE, context);
        request.setAttribute(CsrfToken.class.getName(), new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "t0ken"));
        MockHttpServletResponse response = new MockHttpServletResponse();
        view.render(new HashMap<>(model), request, response);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    Map<String, Object> model(Actor who) {
        ReportingQueries.Sheet sheet = queries.sheet(who, june, education);
        ReportingQueries.IndicatorEntry entry = sheet.indicators().get(0);
        Map<String, Object> model = new HashMap<>();
        model.put("sheet", sheet);
        model.put("entry", entry);
        model.put("reportFiles", new ReportFileLimits(evidence.maxBytes(), evidence.maxSizeText(), forms.maxBytes(), forms.maxSizeText()));
        return model;
    }

    static final String FILES = "reporting/evidence :: files(sheet=${sheet}, kind='indicator', ref=${entry.indicator().id()}, "
            + "evidence=${entry.evidence()})";

    @Test
    void anEditableLineListsItsFilesWithDeleteButtonsAndAnUploadFormCarryingTheCsrfToken() throws Exception {
        String html = render(FILES, model(reporter));

        assertThat(html).contains("id=\"evidence-indicator-" + schools.id() + "\"")
                .contains("href=\"/evidence/" + stored.id() + "\"")
                .contains("action=\"/evidence/" + stored.id() + "/delete\"")
                .contains("action=\"/periods/" + june + "/units/" + education + "/evidence\"")
                .contains("name=\"indicator\" value=\"" + schools.id() + "\"")
                .contains("name=\"_csrf\" value=\"t0ken\"")
                .contains("accept=\".pdf,.jpg,.jpeg,.png,.docx,.xlsx\"")
                .contains("data-max-bytes=\"20971520\"")
                .contains("最大 20MB")
                .contains(">_img src=x onerror=alert(1)_.pdf</a>")
                .contains("data-confirm=\"删除佐证材料「_img src=x onerror=alert(1)_.pdf」？\"")
                .doesNotContain("<img");
    }

    @Test
    void aReaderSeesTheLinksButNoForms() throws Exception {
        String html = render(FILES, model(office));

        assertThat(html).contains("href=\"/evidence/" + stored.id() + "\"").doesNotContain("<form", "上传佐证材料");
    }

    @Test
    void theFormPanelOffersTheDownloadAndTheUploadAndShowsProblemsAsText() throws Exception {
        Map<String, Object> model = model(reporter);
        model.put("formProblems", List.of("第10行【说明】：<script>alert(1)</script>"));
        model.put("formWarnings", List.of("「13.组织…」填报值 70 超过目标 30 的2倍"));

        String html = render("reporting/evidence :: reportForm(sheet=${sheet})", model);

        assertThat(html).contains("id=\"report-form\"")
                .contains("href=\"/periods/" + june + "/units/" + education + "/form.xlsx\"")
                .contains("action=\"/periods/" + june + "/units/" + education + "/form\"")
                .contains("name=\"_csrf\" value=\"t0ken\"")
                .contains("第10行【说明】：&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("超过目标 30 的2倍")
                .doesNotContain("<script>");
        assertThat(render("reporting/evidence :: reportForm(sheet=${sheet})", model(office))).contains("form.xlsx").doesNotContain("<form")
                .contains("报告当前不能修改，填报表仅供查看。");
    }
}
