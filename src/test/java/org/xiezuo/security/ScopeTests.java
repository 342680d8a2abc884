package org.xiezuo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * Department and district scope on real objects (SECURITY.md T13–T16, T19), over pages and the API.
 * Two districts; in the first, a reporter of 区教育局 and one of 区卫健局; a coordinator of each district.
 * The reports and ledgers these cases name come in later issues; here the objects are the plan, its
 * tasks, indicators, units, history, import drafts and source documents.
 */
@XiezuoTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopeTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired ApiTokens tokens;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries queries;
    @Autowired JdbcClient jdbc;

    ScopeFixture a;
    ScopeFixture b;
    Sessions.Signed education;
    Sessions.Signed health;
    Sessions.Signed coordinatorA;
    Sessions.Signed coordinatorB;
    String educationToken;
    String healthToken;
    String coordinatorBToken;
    PlanBook.TaskRow educationTask;
    PlanBook.IndicatorRow educationIndicator;
    long draftOfA;

    @BeforeAll
    void twoDistricts() throws Exception {
        a = ScopeFixture.importFor(imports, queries, "甲测试区");
        b = ScopeFixture.importFor(imports, queries, "乙测试区");
        education = Sessions.create(mvc, accounts, "s-edu", Set.of(Role.REPORTER), a.unitIds("区教育局"));
        health = Sessions.create(mvc, accounts, "s-health", Set.of(Role.REPORTER), a.unitIds("区卫健局"));
        coordinatorA = Sessions.create(mvc, accounts, "s-coord-a", Set.of(Role.COORDINATOR), a.unitIds("区发改局"));
        coordinatorB = Sessions.create(mvc, accounts, "s-coord-b", Set.of(Role.COORDINATOR), b.unitIds("区发改局"));
        educationToken = token("s-edu", Set.of(Role.REPORTER));
        healthToken = token("s-health", Set.of(Role.REPORTER));
        coordinatorBToken = token("s-coord-b", Set.of(Role.COORDINATOR));
        educationTask = a.taskOf("区教育局", "区卫健局");
        educationIndicator = a.indicatorOf("区教育局", "区卫健局");
        draftOfA = imports.upload(Actor.user("s-coord-a", "甲协作办", Set.of(Role.COORDINATOR), a.unitIds("区发改局"),
                Set.of(a.districtId())), "草稿.txt", SeedDocuments.text());
    }

    private String token(String username, Set<Role> roles) {
        return tokens.create(Actor.user(username, username, roles), "测试", 30).secret();
    }

    private MockHttpServletResponse page(MockHttpServletRequestBuilder request, Sessions.Signed who) throws Exception {
        return mvc.perform(request.cookie(who.cookie())).andReturn().getResponse();
    }

    private MockHttpServletResponse api(MockHttpServletRequestBuilder request, String token) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token)).andReturn().getResponse();
    }

    private long denied(String actor) {
        return jdbc.sql("select count(*) from audit_event where actor = :a and event_type = 'AUTHZ_DENIED'")
                .param("a", actor).query(Long.class).single();
    }

    /** The body with the asked-for id made neutral, to compare the answer for “not yours” and “not there”. */
    private static String neutral(MockHttpServletResponse response, long id) throws Exception {
        return response.getContentAsString(StandardCharsets.UTF_8).replace("（" + id + "）", "（ID）")
                .replace("/" + id + "\"", "/ID\"").replace("/" + id + "/", "/ID/");
    }

    /** Asks for an object out of scope and for one that does not exist: same status, same body, one audit row. */
    private void hiddenLikeMissing(String actor, String pattern, long outOfScope, java.util.function.Function<String,
            MockHttpServletResponse> ask) throws Exception {
        long before = denied(actor);
        MockHttpServletResponse theirs = ask.apply(pattern.replace("{}", String.valueOf(outOfScope)));
        MockHttpServletResponse missing = ask.apply(pattern.replace("{}", "987654"));

        assertThat(theirs.getStatus()).as(pattern).isEqualTo(404);
        assertThat(missing.getStatus()).as(pattern).isEqualTo(404);
        assertThat(neutral(theirs, outOfScope)).as(pattern + ": no existence leak").isEqualTo(neutral(missing, 987654));
        assertThat(denied(actor) - before).as(pattern + ": audited").isEqualTo(1);
    }

    private java.util.function.Function<String, MockHttpServletResponse> pageAs(Sessions.Signed who) {
        return url -> {
            try {
                return page(get(url), who);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private java.util.function.Function<String, MockHttpServletResponse> apiAs(String token) {
        return url -> {
            try {
                return api(get(url), token);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void T13_aReporterOfAnotherUnitGetsNotFoundForTheUnitItsTasksAndIndicatorsAndEachAttemptIsAudited() throws Exception {
        hiddenLikeMissing("s-health", "/plans/" + a.planId() + "/units/{}", a.unit("区教育局"), pageAs(health));
        hiddenLikeMissing("s-health", "/api/v1/tasks/{}", educationTask.id(), apiAs(healthToken));
        hiddenLikeMissing("s-health", "/api/v1/indicators/{}", educationIndicator.id(), apiAs(healthToken));

        // the owner reads them
        assertThat(page(get("/plans/" + a.planId() + "/units/" + a.unit("区教育局")), education).getStatus()).isEqualTo(200);
        assertThat(api(get("/api/v1/tasks/" + educationTask.id()), educationToken).getStatus()).isEqualTo(200);
        assertThat(api(get("/api/v1/indicators/" + educationIndicator.id()), educationToken).getStatus()).isEqualTo(200);
    }

    @Test
    void T13_aCoordinatorOfAnotherDistrictGetsNotFoundForThePlanItsHistoryDraftsAndDocument() throws Exception {
        hiddenLikeMissing("s-coord-b", "/plans/{}", a.planId(), pageAs(coordinatorB));
        hiddenLikeMissing("s-coord-b", "/api/v1/plans/{}", a.planId(), apiAs(coordinatorBToken));
        hiddenLikeMissing("s-coord-b", "/api/v1/plans/{}/history", a.planId(), apiAs(coordinatorBToken));
        hiddenLikeMissing("s-coord-b", "/imports/{}", draftOfA, pageAs(coordinatorB));
        hiddenLikeMissing("s-coord-b", "/imports/documents/{}", a.documentId(), pageAs(coordinatorB));
        // the edit form of a task of district A: through plan A (hidden, audited) or through the own plan (not there)
        long before = denied("s-coord-b");
        MockHttpServletResponse viaTheirPlan = page(get("/tasks/" + educationTask.id() + "/edit").param("plan", String.valueOf(a.planId())), coordinatorB);
        MockHttpServletResponse viaOwnPlan = page(get("/tasks/" + educationTask.id() + "/edit").param("plan", String.valueOf(b.planId())), coordinatorB);
        assertThat(viaTheirPlan.getStatus()).isEqualTo(404);
        assertThat(viaOwnPlan.getStatus()).isEqualTo(404);
        assertThat(viaOwnPlan.getContentAsString(StandardCharsets.UTF_8)).doesNotContain(educationTask.text());
        assertThat(denied("s-coord-b") - before).isEqualTo(1);
    }

    @Test
    void T13_aUnitsReaderSeesOnlyTheHistoryOfItsOwnTasksIndicatorsAndUnits() throws Exception {
        Actor coordinator = Actor.user("s-coord-a", "甲协作办", Set.of(Role.COORDINATOR), a.unitIds("区发改局"), Set.of(a.districtId()));
        PlanBook.TaskRow healthTask = a.taskOf("区卫健局", "区教育局");
        mvc.perform(post("/tasks/" + healthTask.id()).param("plan", String.valueOf(a.planId()))
                .param("units", "区卫健局").param("text", "卫健局的任务（已修改，含内部说明）").param("version", String.valueOf(healthTask.version()))
                .with(csrf()).cookie(coordinatorA.cookie()));
        mvc.perform(post("/tasks/" + educationTask.id()).param("plan", String.valueOf(a.planId()))
                .param("units", "区教育局").param("text", educationTask.text() + "（已修改）")
                .param("version", String.valueOf(educationTask.version())).with(csrf()).cookie(coordinatorA.cookie()));

        JsonNode educationView = JSON.readTree(api(get("/api/v1/plans/" + a.planId() + "/history"), educationToken)
                .getContentAsString(StandardCharsets.UTF_8));
        JsonNode officeView = JSON.readTree(api(get("/api/v1/plans/" + a.planId() + "/history"),
                token("s-coord-a", Set.of(Role.COORDINATOR))).getContentAsString(StandardCharsets.UTF_8));

        assertThat(educationView.toString()).contains("（已修改）").doesNotContain("卫健局的任务");
        assertThat(educationView.get("items")).allSatisfy(row -> assertThat(row.get("objectType").asText()).isIn("task", "indicator", "unit"));
        assertThat(officeView.toString()).contains("卫健局的任务", "（已修改）");
        assertThat(officeView.get("total").asLong()).isGreaterThan(educationView.get("total").asLong());
    }

    @Test
    void T14_writesOutsideTheScopeAreNotFoundChangeNothingAndAreAudited() throws Exception {
        int version = queries.task(ScopeFixture.OPERATOR, educationTask.id()).version();
        long before = denied("s-coord-b");

        MockHttpServletResponse update = page(post("/tasks/" + educationTask.id()).param("plan", String.valueOf(a.planId()))
                .param("units", "区教育局").param("text", "越权修改").param("version", String.valueOf(version)).with(csrf()), coordinatorB);
        MockHttpServletResponse delete = page(post("/tasks/" + educationTask.id() + "/delete")
                .param("plan", String.valueOf(a.planId())).with(csrf()), coordinatorB);
        MockHttpServletResponse rename = page(post("/units/" + a.unit("区教育局") + "/rename").param("name", "越权局")
                .param("plan", String.valueOf(a.planId())).with(csrf()), coordinatorB);
        MockHttpServletResponse archive = page(post("/plans/" + a.planId() + "/archive").with(csrf()), coordinatorB);
        MockHttpServletResponse confirm = page(post("/imports/" + draftOfA + "/confirm").param("version", "0").with(csrf()), coordinatorB);

        assertThat(List.of(update.getStatus(), delete.getStatus(), rename.getStatus(), archive.getStatus(), confirm.getStatus()))
                .containsOnly(404);
        PlanBook.TaskRow after = queries.task(ScopeFixture.OPERATOR, educationTask.id());
        assertThat(after.version()).isEqualTo(version);
        assertThat(after.text()).doesNotContain("越权修改");
        assertThat(queries.book(ScopeFixture.OPERATOR, a.planId()).units()).extracting(PlanBook.UnitRow::name)
                .contains("区教育局").doesNotContain("越权局");
        assertThat(queries.book(ScopeFixture.OPERATOR, a.planId()).plan().status().name()).isEqualTo("ACTIVE");
        assertThat(denied("s-coord-b") - before).isEqualTo(5);

        // a reporter has no write permission at all: refused at the door, audited too
        long reporterBefore = denied("s-health");
        assertThat(page(post("/tasks/" + educationTask.id()).param("plan", String.valueOf(a.planId())).param("text", "x")
                .param("units", "区卫健局").param("version", String.valueOf(version)).with(csrf()), health).getStatus()).isEqualTo(403);
        assertThat(denied("s-health") - reporterBefore).isEqualTo(1);
        assertThat(queries.task(ScopeFixture.OPERATOR, educationTask.id()).version()).isEqualTo(version);
    }

    @Test
    void T15_listsPagesAndTheApiShowOnlyWhatIsInScope() throws Exception {
        // the plan list: the reporter's district only, in the items and in the total, whatever the paging
        for (String query : List.of("", "?page=0&size=1", "?page=1&size=1", "?size=1000", "?unitId=" + b.unit("区教育局"),
                "?district=" + b.districtId())) {
            JsonNode list = JSON.readTree(api(get("/api/v1/plans" + query), healthToken).getContentAsString(StandardCharsets.UTF_8));
            assertThat(list.get("total").asLong()).as(query).isEqualTo(1);
            list.get("items").forEach(item -> assertThat(item.get("id").asLong()).isEqualTo(a.planId()));
        }
        assertThat(page(get("/plans"), health).getContentAsString(StandardCharsets.UTF_8))
                .contains("甲测试区").doesNotContain("乙测试区");

        // the plan: only the reporter's own unit's tasks and indicators, in the page and the API
        JsonNode book = JSON.readTree(api(get("/api/v1/plans/" + a.planId()), healthToken).getContentAsString(StandardCharsets.UTF_8));
        long own = a.unit("区卫健局");
        assertThat(book.get("tasks")).isNotEmpty().allSatisfy(task -> assertThat(task.get("units").findValues("id"))
                .extracting(JsonNode::asLong).contains(own));
        assertThat(book.get("indicators")).allSatisfy(row -> assertThat(row.get("units").findValues("id"))
                .extracting(JsonNode::asLong).contains(own));
        assertThat(book.get("units")).extracting(u -> u.get("id").asLong()).containsExactly(own);
        String plan = page(get("/plans/" + a.planId()), health).getContentAsString(StandardCharsets.UTF_8);
        assertThat(plan).doesNotContain(educationTask.text().substring(0, Math.min(30, educationTask.text().length())));
        String table = page(get("/plans/" + a.planId()).param("tab", "indicators"), health).getContentAsString(StandardCharsets.UTF_8);
        assertThat(table).doesNotContain(">" + educationIndicator.name() + "<");

        // the other coordinator's plan list holds nothing of district A
        JsonNode other = JSON.readTree(api(get("/api/v1/plans"), coordinatorBToken).getContentAsString(StandardCharsets.UTF_8));
        assertThat(other.get("items")).extracting(i -> i.get("id").asLong()).containsExactly(b.planId());
    }

    @Test
    void T16_extraFieldsInAFormAreIgnoredAndOnlyEditableFieldsChange() throws Exception {
        PlanBook.TaskRow task = queries.task(ScopeFixture.OPERATOR, a.taskOf("区人力社保局", "区教育局").id());
        MockHttpServletResponse saved = page(post("/tasks/" + task.id()).param("plan", String.valueOf(a.planId()))
                .param("units", "区人力社保局").param("text", "只改内容。").param("version", String.valueOf(task.version()))
                .param("planId", String.valueOf(b.planId())).param("id", "1").param("position", "1")
                .param("createdBy", "mallory").param("status", "ARCHIVED").param("districtId", String.valueOf(b.districtId()))
                .with(csrf()), coordinatorA);

        assertThat(saved.getStatus()).isEqualTo(302);
        PlanBook.TaskRow after = queries.task(ScopeFixture.OPERATOR, task.id());
        assertThat(after.text()).isEqualTo("只改内容。");
        assertThat(after.position()).isEqualTo(task.position());
        assertThat(after.version()).isEqualTo(task.version() + 1);
        assertThat(jdbc.sql("select plan_id from plan_task where id = :id").param("id", task.id()).query(Long.class).single())
                .isEqualTo(a.planId());
        assertThat(queries.book(ScopeFixture.OPERATOR, a.planId()).plan().status().name()).isEqualTo("ACTIVE");

        // a stale version is refused, not applied
        MockHttpServletResponse stale = page(post("/tasks/" + task.id()).param("plan", String.valueOf(a.planId()))
                .param("units", "区人力社保局").param("text", "旧版本的修改。").param("version", String.valueOf(task.version()))
                .with(csrf()), coordinatorA);
        assertThat(stale.getContentAsString(StandardCharsets.UTF_8)).contains("已被他人修改");
        assertThat(queries.task(ScopeFixture.OPERATOR, task.id()).text()).isEqualTo("只改内容。");

        // one's own account: roles or units in the password form are ignored
        page(post("/account/password").param("current", "wrong").param("next", "x").param("confirmation", "x")
                .param("roles", "ADMIN").param("unitIds", String.valueOf(a.unit("区教育局"))).with(csrf()), health);
        assertThat(jdbc.sql("select role from security_account_role r join security_account s on s.id = r.account_id "
                + "where s.username = 's-health'").query(String.class).list()).containsExactly("REPORTER");
        assertThat(jdbc.sql("select unit_id from security_account_unit u join security_account s on s.id = u.account_id "
                + "where s.username = 's-health'").query(Long.class).list()).containsExactly(a.unit("区卫健局"));
    }

    @Test
    void T19_nobodyChangesTheirOwnRolesAndTheThreeAdministratorRolesStaySeparate() {
        AccountAdministration.Created security = accounts.create(Actor.cliAdministrator("test"), new AccountAdministration.NewAccount(
                "s-sec", "安全管理员", Set.of(Role.SECURITY_ADMIN), Set.of(), null, null, null));
        AccountAdministration.Created admin = accounts.create(Actor.cliAdministrator("test"), new AccountAdministration.NewAccount(
                "s-admin", "系统管理员", Set.of(Role.ADMIN), Set.of(), null, null, null));
        Actor securityAdmin = Actor.user("s-sec", "安全管理员", Set.of(Role.SECURITY_ADMIN));
        Actor systemAdmin = Actor.user("s-admin", "系统管理员", Set.of(Role.ADMIN));
        int securityVersion = accounts.get(securityAdmin, security.id()).version();
        long grants = jdbc.sql("select count(*) from audit_event where event_type = 'ROLES_GRANTED'").query(Long.class).single();

        assertThatThrownBy(() -> accounts.grantRoles(securityAdmin, security.id(), securityVersion,
                Set.of(Role.SECURITY_ADMIN, Role.COORDINATOR))).isInstanceOf(AccessDenied.class).hasMessage("不能修改本人的角色");
        assertThatThrownBy(() -> accounts.grantRoles(systemAdmin, admin.id(), accounts.get(systemAdmin, admin.id()).version(),
                Set.of(Role.ADMIN, Role.COORDINATOR))).isInstanceOf(AccessDenied.class);
        assertThatThrownBy(() -> accounts.grantRoles(securityAdmin, admin.id(), accounts.get(securityAdmin, admin.id()).version(),
                Set.of(Role.ADMIN, Role.AUDITOR))).isInstanceOf(BusinessRuleViolation.class).hasMessageContaining("审计管理员");
        assertThat(accounts.get(securityAdmin, admin.id()).roles()).containsExactly(Role.ADMIN);
        assertThat(accounts.get(securityAdmin, security.id()).roles()).containsExactly(Role.SECURITY_ADMIN);
        assertThat(jdbc.sql("select count(*) from audit_event where event_type = 'ROLES_GRANTED'").query(Long.class).single())
                .as("refused grants write no grant row").isEqualTo(grants);
    }
}
