package org.xiezuo.assessment.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.ImportMode;
import org.xiezuo.ledger.LedgerImports;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.LedgerSamples;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * The overview's main part is kept rendered, but never shown stale or to the wrong reader: the same
 * request gets the same part; an audited change of the plan's data (a ledger import) shows at once; a
 * unit's reporter gets a part of its own, with only its indicators; the flash message stays per request.
 */
@XiezuoTest
@AutoConfigureMockMvc
class RenderedPartsTests {

    private static final Pattern BODY = Pattern.compile("<div data-overview-body>.*</div>\\s*</main>", Pattern.DOTALL);

    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired LedgerImports ledgers;
    @Autowired RenderedParts parts;

    @Test
    void theOverviewsMainPartFollowsEveryAuditedChangeAndEveryReadersScope() throws Exception {
        ScopeFixture district = ScopeFixture.importFor(imports, planQueries, "缓存考核区");
        long planId = district.planId();
        PlanBook.IndicatorRow five = district.book().indicators().stream().filter(i -> "5".equals(i.code())).findFirst().orElseThrow();
        Sessions.Signed office = Sessions.create(mvc, accounts, "xzb-cache", Set.of(Role.COORDINATOR), district.unitIds("区发改局"));
        Sessions.Signed reporter = Sessions.create(mvc, accounts, "tb-cache", Set.of(Role.REPORTER), district.unitIds("区教育局"));
        String page = "/plans/" + planId + "/assessment?asOf=2021-11-30";

        int kept = parts.size();
        String first = body(page, office);
        assertThat(parts.size()).as("the first request renders and keeps the part").isEqualTo(kept + 1);
        String again = body(page, office);
        assertThat(again).isEqualTo(first);
        assertThat(parts.size()).as("the same request is served from the kept part").isEqualTo(kept + 1);
        assertThat(actualOf(first, five.id())).isEqualTo("0");

        Actor coordinator = Actor.user("xzb-cache", "协作办", Set.of(Role.COORDINATOR), district.unitIds("区发改局"),
                Set.of(district.districtId()));
        LedgerSamples.Employment book = LedgerSamples.employment(20211130L, 50, "rendered-parts");
        ledgers.importFile(coordinator, planId, LedgerKind.EMPLOYMENT, book.file(), "就业人员.xlsx", ImportMode.STRICT);

        String after = body(page, office);
        assertThat(parts.size()).as("the import's audit rows moved the stamp: a new part").isEqualTo(kept + 2);
        assertThat(actualOf(after, five.id())).as("indicator 5 after the import").isNotEqualTo("0");
        assertThat(body("/plans/" + planId + "/assessment?asOf=2021-06-30", office)).as("another date").isNotEqualTo(after);

        String scoped = body(page, reporter);
        assertThat(scoped).isNotEqualTo(after);
        assertThat(scoped).doesNotContain("data-indicator=\"" + five.id() + "\"");
        assertThat(after).contains("data-indicator=\"" + five.id() + "\"");
    }

    private String body(String path, Sessions.Signed who) throws Exception {
        String html = mvc.perform(Sessions.as(get(path), who)).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        Matcher m = BODY.matcher(html);
        assertThat(m.find()).as("the overview's main part in " + path).isTrue();
        return m.group();
    }

    private static String actualOf(String body, long indicatorId) {
        Matcher m = Pattern.compile("data-indicator=\"" + indicatorId + "\".*?data-actual[^>]*>([^<]*)<", Pattern.DOTALL).matcher(body);
        assertThat(m.find()).as("row of indicator " + indicatorId).isTrue();
        return m.group(1).strip();
    }
}
