package org.xiezuo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.EvidenceFiles;
import org.xiezuo.reporting.EvidenceSamples;
import org.xiezuo.reporting.Reporting;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.reporting.Validation;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * The access table against the running application (SECURITY.md T11, T12, T17): every endpoint the
 * handler mappings register must have a row in {@link EndpointTable}, and every endpoint is called by
 * every role, by an anonymous visitor, by a disabled account and by a user of another unit; what
 * happens must be what the table says. Refused calls change nothing and are audited.
 */
@XiezuoTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTests {

    /** Who calls: each role bound as the table's scope expects, plus the three cases outside the roles. */
    enum Caller {
        ANONYMOUS(Set.of()), ADMIN(Set.of(Role.ADMIN)), SECURITY_ADMIN(Set.of(Role.SECURITY_ADMIN)),
        AUDITOR(Set.of(Role.AUDITOR)), COORDINATOR(Set.of(Role.COORDINATOR)), UNIT_HEAD(Set.of(Role.UNIT_HEAD)),
        REPORTER(Set.of(Role.REPORTER)), LEADER(Set.of(Role.LEADER)), WEST_CONFIRMER(Set.of(Role.WEST_CONFIRMER)),
        DISABLED(Set.of(Role.REPORTER)), OTHER_UNIT(Set.of(Role.REPORTER));

        final Set<Role> roles;

        Caller(Set<Role> roles) {
            this.roles = roles;
        }

        boolean signedIn() {
            return this != ANONYMOUS && this != DISABLED;
        }
    }

    /** What a call came to. */
    enum Outcome { ALLOWED, DENIED, SIGNED_OUT }

    /** One mapped endpoint: method and pattern as the controller declares them. */
    record Endpoint(HttpMethod method, String pattern) implements Comparable<Endpoint> {
        @Override
        public int compareTo(Endpoint o) {
            return (pattern + method).compareTo(o.pattern + o.method);
        }

        boolean api() {
            return pattern.startsWith("/api/");
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    /**
     * Tables whose rows a request may legitimately add without changing business state; ASSESSMENT_VALUE
     * holds the assessment's stored actuals, which a read computes once and stores for the next one.
     */
    private static final Set<String> BOOKKEEPING = Set.of("AUDIT_EVENT", "AUDIT_CHAIN", "AUDIT_CHECKPOINT", "SPRING_SESSION",
            "SPRING_SESSION_ATTRIBUTES", "SECURITY_SIGN_IN_THROTTLE", "SHEDLOCK", "FLYWAY_SCHEMA_HISTORY", "ASSESSMENT_VALUE");

    private static final long MISSING = 999_999L;

    @Autowired org.xiezuo.ledger.Bindings bindings;
    @Autowired MockMvc mvc;
    @Autowired ApplicationContext context;
    @Autowired AccountAdministration accounts;
    @Autowired ApiTokens tokens;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries queries;
    @Autowired JdbcClient jdbc;
    @Autowired Reporting reporting;
    @Autowired ReportingQueries reportingQueries;
    @Autowired EvidenceFiles evidence;

    private ScopeFixture district;
    private final Map<Caller, Cookie> cookies = new EnumMap<>(Caller.class);
    private final Map<Caller, String> bearer = new EnumMap<>(Caller.class);
    private long draftId;
    private long taskId;
    private long indicatorId;
    private long accountId;
    private long periodId;
    private long reportId;
    private long evidenceId;
    // ---- ledger pages, API and files: an entry, its import batch and job, of 区教育局 imported by the reporter,
    // and a ledger-bound indicator (5, 到我省就业) ----
    @Autowired org.xiezuo.ledger.LedgerImports ledgerImports;
    private long ledgerEntryId;
    private long ledgerBatchId;
    private String ledgerJobId;
    private long ledgerIndicatorId;
    /** Reads that are POSTs (a body keeps an ID number out of the URL): a leader may call them (T17). */
    private static final Set<String> READS_BY_POST = Set.of("/api/v1/plans/{planId}/ledgers/{kind}/entries/search",
            "/plans/{planId}/ledgers/{kind}/search");
    // ---- end of ledger pages, API and files ----

    @BeforeAll
    void callers() throws Exception {
        district = ScopeFixture.importFor(imports, queries, "矩阵测试区");
        DepartmentReporting.of(bindings, district.book(), "3"); // indicator 3 while it is not ledger-bound
        long education = district.unit("区教育局");
        long health = district.unit("区卫健局");
        long office = district.unit("区发改局");
        taskId = district.taskOf("区教育局", "区卫健局").id();
        indicatorId = district.indicatorOf("区教育局", "区卫健局").id();
        for (Caller caller : Caller.values()) {
            if (caller == Caller.ANONYMOUS) continue;
            Set<Long> units = switch (caller) {
                case UNIT_HEAD, REPORTER, DISABLED -> Set.of(education);
                case OTHER_UNIT -> Set.of(health);
                case COORDINATOR, LEADER -> Set.of(office);
                default -> Set.of();
            };
            String username = "m-" + caller.name().toLowerCase().replace('_', '-');
            Sessions.Signed signed = Sessions.create(mvc, accounts, username, caller.roles, units);
            cookies.put(caller, signed.cookie());
            Actor actor = Actor.user(username, username, caller.roles, units, Set.of(district.districtId()));
            bearer.put(caller, tokens.create(actor, "矩阵测试", 30).secret());
            if (caller == Caller.COORDINATOR) {
                draftId = imports.upload(actor, "草稿.txt", SeedDocuments.text());
            }
            if (caller == Caller.WEST_CONFIRMER) {
                accountId = accounts.findByUsername(Actor.cliAdministrator("test"), username).orElseThrow().id();
            }
        }
        long disabled = accounts.findByUsername(Actor.cliAdministrator("test"), "m-disabled").orElseThrow().id();
        accounts.disable(Actor.cliAdministrator("test"), disabled);
        // a June report of 区教育局 with a value and an evidence file, so the reporting pages are called on real objects
        Actor reporter = Actor.user("m-reporter", "m-reporter", Set.of(Role.REPORTER), Set.of(education), Set.of(district.districtId()));
        periodId = reportingQueries.periods(reporter, district.planId()).get(5).id();
        reportId = reporting.saveIndicatorLine(reporter, periodId, education, indicatorId, 0, "1", null, "测试").reportId();
        byte[] pdf = EvidenceSamples.pdf();
        evidenceId = evidence.upload(reporter, periodId, education, Validation.LineKind.INDICATOR, indicatorId, "材料.pdf",
                pdf.length, new org.springframework.core.io.ByteArrayResource(pdf)).id();
        // ---- ledger API and files ----
        java.nio.file.Path ledgerFile = org.xiezuo.ledger.web.LedgerApiWorkers.employmentWorkbook("matrix-" + java.util.UUID.randomUUID(),
                org.xiezuo.ledger.web.LedgerApiWorkers.workers(2, 11), "区教育局");
        org.xiezuo.ledger.ImportOutcome ledger = ledgerImports.importFile(reporter, district.planId(),
                org.xiezuo.ledger.LedgerKind.EMPLOYMENT, ledgerFile, "矩阵台账.xlsx", org.xiezuo.ledger.ImportMode.STRICT);
        ledgerBatchId = java.util.Objects.requireNonNull(ledger.batchId());
        ledgerJobId = ledger.jobId();
        ledgerEntryId = jdbc.sql("select min(id) from ledger_entry where batch_id = :batch").param("batch", ledgerBatchId)
                .query(Long.class).single();
        ledgerIndicatorId = district.book().indicators().stream().filter(i -> "5".equals(i.code())).findFirst().orElseThrow().id();
        // ---- end of ledger API and files ----
    }

    // ---- T11 ---------------------------------------------------------------------------------------

    /** The mapped endpoints that have no row in the access table. */
    static List<String> undeclared(Map<RequestMappingInfo, HandlerMethod> handlers) {
        List<String> missing = new ArrayList<>();
        for (Endpoint endpoint : endpoints(handlers)) {
            if (EndpointTable.declared(endpoint.method(), endpoint.pattern()).isEmpty()) missing.add(endpoint.toString());
        }
        return missing;
    }

    static Set<Endpoint> endpoints(Map<RequestMappingInfo, HandlerMethod> handlers) {
        Set<Endpoint> endpoints = new TreeSet<>();
        handlers.keySet().forEach(info -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (methods.isEmpty()) {
                    endpoints.add(new Endpoint(HttpMethod.GET, pattern));
                    endpoints.add(new Endpoint(HttpMethod.POST, pattern));
                }
                for (RequestMethod m : methods) endpoints.add(new Endpoint(HttpMethod.valueOf(m.name()), pattern));
            }
        });
        return endpoints;
    }

    private Set<Endpoint> registered() {
        Map<RequestMappingInfo, HandlerMethod> all = new LinkedHashMap<>();
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()
                .forEach(mapping -> all.putAll(mapping.getHandlerMethods()));
        return endpoints(all);
    }

    @Test
    void T11_everyRegisteredEndpointHasARowInTheAccessTable() {
        Map<RequestMappingInfo, HandlerMethod> all = new LinkedHashMap<>();
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()
                .forEach(mapping -> all.putAll(mapping.getHandlerMethods()));

        assertThat(endpoints(all)).as("registered endpoints").hasSizeGreaterThan(60);
        assertThat(undeclared(all)).as("endpoints without a row in EndpointTable").isEmpty();
    }

    @Controller
    static class UndeclaredController {
        @GetMapping("/dummy/secret")
        String secret() {
            return "dummy";
        }

        @PostMapping("/plans/{id}/dummy")
        String change() {
            return "dummy";
        }
    }

    @Test
    void T11_aControllerWithoutARowFailsTheCheck() {
        StaticApplicationContext dummy = new StaticApplicationContext();
        dummy.registerSingleton("undeclared", UndeclaredController.class);
        dummy.refresh();
        RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
        mapping.setApplicationContext(dummy);
        mapping.afterPropertiesSet();

        assertThat(undeclared(mapping.getHandlerMethods())).containsExactlyInAnyOrder("POST /plans/{id}/dummy", "GET /dummy/secret");
    }

    // ---- T12, T17 ----------------------------------------------------------------------------------

    /** What the table says for a caller: computed from the declared cells, not from the running filter. */
    private static Outcome expected(EndpointTable.Rule rule, Caller caller) {
        if (rule.kind() == EndpointTable.Kind.PUBLIC) return Outcome.ALLOWED;
        if (!caller.signedIn()) return Outcome.SIGNED_OUT;
        return switch (rule.kind()) {
            case PUBLIC, SIGN_IN_STEP, SIGNED_IN -> Outcome.ALLOWED;
            case PERMISSION -> caller.roles.stream().anyMatch(role -> rule.permissions().stream()
                    .anyMatch(p -> Access.decision(role, p) != Access.Decision.DENY)) ? Outcome.ALLOWED : Outcome.DENIED;
        };
    }

    private static Outcome outcome(Endpoint endpoint, MockHttpServletResponse response) {
        int status = response.getStatus();
        if (status == 403) return Outcome.DENIED;
        if (status == 401) return Outcome.SIGNED_OUT;
        String location = response.getRedirectedUrl();
        if (status == 302 && location != null && location.replaceFirst("^https?://[^/]+", "").startsWith("/login")) {
            return Outcome.SIGNED_OUT;
        }
        return Outcome.ALLOWED;
    }

    /** A concrete URL for a pattern: real objects of the district, or ids that do not exist. */
    private String concrete(Endpoint endpoint, boolean realObjects) {
        String path = endpoint.pattern().replace("/**", "/x");
        Matcher m = Pattern.compile("([a-z-]+)/\\{(\\w+)}").matcher(path);
        StringBuilder url = new StringBuilder();
        while (m.find()) {
            String collection = m.group(1);
            String name = m.group(2);
            // ledger pages: the kind is a code, a job id a UUID, and entries, batches and the records of a
            // ledger-bound indicator are the ledger objects made in callers()
            String ledger = ledgerValue(endpoint, collection, name, realObjects);
            if (ledger != null) {
                m.appendReplacement(url, collection + "/" + ledger);
                continue;
            }
            // end of ledger pages
            long value = !realObjects ? MISSING : switch (name) {
                case "planId" -> district.planId();
                case "unitId" -> district.unit("区教育局");
                case "periodId" -> periodId;
                case "indicatorId" -> indicatorId;
                case "taskId" -> taskId;
                default -> switch (collection) {
                    case "plans" -> district.planId();
                    case "tasks" -> taskId;
                    case "indicators" -> indicatorId;
                    case "imports" -> draftId;
                    case "documents" -> district.documentId();
                    case "units" -> district.unit("区教育局");
                    case "accounts" -> accountId;
                    case "periods" -> periodId;
                    case "reports" -> reportId;
                    case "evidence" -> evidenceId;
                    default -> MISSING;
                };
            };
            m.appendReplacement(url, collection + "/" + value);
        }
        m.appendTail(url);
        return url.toString();
    }

    // ledger pages
    private String ledgerValue(Endpoint endpoint, String collection, String name, boolean realObjects) {
        if (name.equals("kind")) return "employment";
        if (name.equals("jobId")) return realObjects ? ledgerJobId : java.util.UUID.randomUUID().toString();
        if (!realObjects) return null;
        if (collection.equals("ledger-entries")) return String.valueOf(ledgerEntryId);
        if (collection.equals("ledger-batches")) return String.valueOf(ledgerBatchId);
        if (name.equals("indicatorId") && (endpoint.pattern().endsWith("/records") || endpoint.pattern().contains("/ledger-bindings/"))) {
            return String.valueOf(ledgerIndicatorId);
        }
        return null;
    }
    // end of ledger pages

    private MockHttpServletResponse call(Endpoint endpoint, Caller caller, boolean realObjects) throws Exception {
        MockHttpServletRequestBuilder request = request(endpoint.method(), concrete(endpoint, realObjects))
                .param("plan", String.valueOf(district.planId())).with(csrf());
        if (endpoint.api()) {
            if (caller != Caller.ANONYMOUS) request.header("Authorization", "Bearer " + bearer.get(caller));
        } else if (caller != Caller.ANONYMOUS) {
            request.cookie(cookies.get(caller));
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    /** Row counts and version sums of every business table. */
    private Map<String, String> state() {
        Map<String, String> state = new LinkedHashMap<>();
        List<String> tables = jdbc.sql("select table_name from information_schema.tables where table_schema = 'PUBLIC' "
                + "and table_type = 'BASE TABLE' order by table_name").query(String.class).list();
        for (String table : tables) {
            if (BOOKKEEPING.contains(table)) continue;
            boolean versioned = jdbc.sql("select count(*) from information_schema.columns where table_schema = 'PUBLIC' "
                    + "and table_name = :t and column_name = 'VERSION'").param("t", table).query(Long.class).single() > 0;
            String quoted = "\"" + table.replace("\"", "") + "\"";
            String value = jdbc.sql("select count(*) || '/' || " + (versioned ? "coalesce(sum(version), 0)" : "0") + " from " + quoted)
                    .query(String.class).single();
            state.put(table, value);
        }
        return state;
    }

    private long denials() {
        return jdbc.sql("select count(*) from audit_event where event_type = 'AUTHZ_DENIED'").query(Long.class).single();
    }

    /** The endpoints the matrix calls: all but the sign-in steps themselves, which are tested on their own. */
    private List<Endpoint> callable() {
        List<Endpoint> list = new ArrayList<>();
        for (Endpoint endpoint : registered()) {
            EndpointTable.Rule rule = EndpointTable.declared(endpoint.method(), endpoint.pattern()).orElseThrow(
                    () -> new AssertionError("no row for " + endpoint + " (see T11)"));
            if (rule.kind() == EndpointTable.Kind.SIGN_IN_STEP) continue;
            if (endpoint.pattern().equals("/login") || endpoint.pattern().equals("/error")) continue;
            list.add(endpoint);
        }
        return list;
    }

    @Test
    void T12_everyEndpointAnswersEveryCallerAsTheTableSaysAndRefusalsChangeNothing() throws Exception {
        List<Endpoint> endpoints = callable();
        List<String> wrong = new ArrayList<>();
        Map<String, String> before = state();
        long deniedBefore = denials();
        int deniedCalls = 0;

        // refused calls first, on real objects: nothing may change
        for (Endpoint endpoint : endpoints) {
            EndpointTable.Rule rule = EndpointTable.declared(endpoint.method(), endpoint.pattern()).orElseThrow();
            for (Caller caller : Caller.values()) {
                if (expected(rule, caller) == Outcome.ALLOWED) continue;
                long audited = denials();
                Outcome actual = outcome(endpoint, call(endpoint, caller, true));
                if (actual != expected(rule, caller)) {
                    wrong.add(caller + " " + endpoint + ": expected " + expected(rule, caller) + ", got " + actual);
                }
                if (actual == Outcome.DENIED) {
                    deniedCalls++;
                    if (denials() != audited + 1) wrong.add(caller + " " + endpoint + ": refusal not audited once");
                }
            }
        }
        assertThat(state()).as("state after refused calls").isEqualTo(before);
        assertThat(denials() - deniedBefore).isEqualTo(deniedCalls);

        // allowed reads on real objects change nothing either
        for (Endpoint endpoint : endpoints) {
            if (endpoint.method() != HttpMethod.GET) continue;
            EndpointTable.Rule rule = EndpointTable.declared(endpoint.method(), endpoint.pattern()).orElseThrow();
            for (Caller caller : Caller.values()) {
                if (expected(rule, caller) != Outcome.ALLOWED) continue;
                MockHttpServletResponse response = call(endpoint, caller, true);
                Outcome actual = outcome(endpoint, response);
                if (actual != Outcome.ALLOWED) wrong.add(caller + " " + endpoint + ": expected ALLOWED, got " + actual);
                if (response.getStatus() >= 500) wrong.add(caller + " " + endpoint + ": " + response.getStatus());
            }
        }
        assertThat(state()).as("state after reads").isEqualTo(before);

        // allowed changes pass the access table (on objects that do not exist, so they change nothing here)
        for (Endpoint endpoint : endpoints) {
            if (endpoint.method() == HttpMethod.GET) continue;
            EndpointTable.Rule rule = EndpointTable.declared(endpoint.method(), endpoint.pattern()).orElseThrow();
            for (Caller caller : Caller.values()) {
                if (expected(rule, caller) != Outcome.ALLOWED) continue;
                MockHttpServletResponse response = call(endpoint, caller, false);
                Outcome actual = outcome(endpoint, response);
                if (actual != Outcome.ALLOWED) wrong.add(caller + " " + endpoint + ": expected ALLOWED, got " + actual);
                if (response.getStatus() >= 500) wrong.add(caller + " " + endpoint + ": " + response.getStatus());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void T17_theLeaderReadsButEveryChangeIsRefusedAndAudited() throws Exception {
        Map<String, String> before = state();
        List<String> answered = new ArrayList<>();
        int refused = 0;
        long audited = denials();
        for (Endpoint endpoint : callable()) {
            if (endpoint.method() == HttpMethod.GET) continue;
            // one's own account (API tokens) and one's own notifications (read marks, channels) are not
            // business data; everything else is refused
            if (endpoint.pattern().startsWith("/account/")) continue;
            if (endpoint.pattern().startsWith("/notifications") || endpoint.pattern().startsWith("/api/v1/notifications")) continue;
            if (READS_BY_POST.contains(endpoint.pattern())) continue; // ledger: a search by ID number, not a change
            EndpointTable.Rule rule = EndpointTable.declared(endpoint.method(), endpoint.pattern()).orElseThrow();
            if (rule.kind() == EndpointTable.Kind.PUBLIC) continue;
            MockHttpServletResponse response = call(endpoint, Caller.LEADER, true);
            if (response.getStatus() != 403) answered.add(endpoint + " → " + response.getStatus());
            else refused++;
        }

        assertThat(answered).as("changes a leader could make").isEmpty();
        assertThat(refused).isGreaterThan(15);
        assertThat(denials() - audited).isEqualTo(refused);
        assertThat(state()).isEqualTo(before);
        // and reads work
        assertThat(call(new Endpoint(HttpMethod.GET, "/plans/{id}"), Caller.LEADER, true).getStatus()).isEqualTo(200);
        assertThat(call(new Endpoint(HttpMethod.GET, "/api/v1/plans/{id}"), Caller.LEADER, true).getStatus()).isEqualTo(200);
    }
}
