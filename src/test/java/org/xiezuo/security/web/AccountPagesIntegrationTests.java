package org.xiezuo.security.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.xiezuo.security.web.AccountFixtures.body;
import static org.xiezuo.security.web.AccountFixtures.form;
import static org.xiezuo.security.web.AccountFixtures.open;
import static org.xiezuo.security.web.AccountFixtures.send;
import static org.xiezuo.security.web.AccountFixtures.unique;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.importer.DraftSettings;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.AccountAdministration.AccountView;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;
import org.xiezuo.unit.Organisation;

/**
 * The account pages over HTTP with real sign-ins (password, second factor, changed password): the
 * separation of the three administrators (T23), privilege changes that apply to running sessions at
 * once (T22, T08), password reset, unlock, optimistic locking, and which role sees which page.
 */
@XiezuoTest
@AutoConfigureMockMvc
class AccountPagesIntegrationTests {

    static final Actor OPERATOR = Actor.cliAdministrator("test");
    static final Actor COORDINATOR = Actor.user("coordinator", "协作办", Set.of(Role.COORDINATOR));
    private static final Pattern TEMPORARY = Pattern.compile("data-temporary-password>([^<]+)<");

    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired Organisation organisation;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries queries;
    @Autowired JdbcClient jdbc;

    private Sessions.Signed signedIn(String prefix, Role role, Long... units) throws Exception {
        return Sessions.create(mvc, accounts, unique(prefix), Set.of(role), Set.of(units));
    }

    private AccountView account(String username) {
        return accounts.findByUsername(OPERATOR, username).orElseThrow();
    }

    private List<String> audit(String type, String username) {
        return jdbc.sql("select detail from audit_event where event_type = :t and object_id = :u order by id")
                .param("t", type).param("u", username).query(String.class).list();
    }

    private static String temporaryPassword(String page) {
        Matcher m = TEMPORARY.matcher(page);
        if (!m.find()) throw new AssertionError("no temporary password on the page");
        // as the browser shows it: generated passwords may contain & and other escaped characters
        return org.springframework.web.util.HtmlUtils.htmlUnescape(m.group(1));
    }

    private MockHttpServletResponse signInWithPassword(String username, String password, String address) throws Exception {
        return mvc.perform(post("/login").param("username", username).param("password", password).with(csrf())
                .with(request -> {
                    request.setRemoteAddr(address);
                    return request;
                })).andReturn().getResponse();
    }

    // ------------------------------------------------------------------ T23 three administrators

    @Test
    void T23_theSystemAdministratorCreatesTheFirstSecurityAdministratorAuditorAndCoordinator() throws Exception {
        Cookie admin = signedIn("adm-", Role.ADMIN).cookie();
        String security = unique("sec-");
        String auditor = unique("aud-");
        String coordinator = unique("coo-");

        MockHttpServletResponse created = send(mvc, form("/admin/accounts", "username", security, "displayName", "安全员甲",
                "roles", "SECURITY_ADMIN", "phone", "13800138000"), admin);
        assertThat(created.getRedirectedUrl()).isEqualTo("/admin/accounts/" + account(security).id());
        String page = body(open(mvc, created.getRedirectedUrl(), admin));
        String password = temporaryPassword(page);
        assertThat(page).contains("此密码只显示这一次", "首次登录时必须修改密码");
        assertThat(body(open(mvc, created.getRedirectedUrl(), admin))).as("shown once").doesNotContain(password)
                .doesNotContain("data-temporary-password");

        send(mvc, form("/admin/accounts", "username", auditor, "displayName", "审计员乙", "roles", "AUDITOR",
                "password", "Shen-Ji-Yuan-2026!"), admin);
        String chosen = body(open(mvc, "/admin/accounts/" + account(auditor).id(), admin));
        assertThat(chosen).contains("初始密码为您设置的密码").doesNotContain("data-temporary-password");
        send(mvc, form("/admin/accounts", "username", coordinator, "displayName", "协作办丙", "roles", "COORDINATOR"), admin);

        assertThat(account(security).roles()).containsExactly(Role.SECURITY_ADMIN);
        assertThat(account(security).mustChangePassword()).isTrue();
        assertThat(account(auditor).roles()).containsExactly(Role.AUDITOR);
        assertThat(account(auditor).mustChangePassword()).isTrue();
        assertThat(account(coordinator).roles()).containsExactly(Role.COORDINATOR);
        assertThat(audit("ROLES_GRANTED", security)).containsExactly("角色：无 → 安全管理员（创建账号）");
        // the generated password signs in, and leads to the second-factor enrolment first
        assertThat(signInWithPassword(security, password, "127.0.0.31").getRedirectedUrl()).isEqualTo("/account/second-factor");
    }

    @Test
    void T23_anAccountHoldsAtMostOneOfTheThreeAdministratorRoles() throws Exception {
        Cookie admin = signedIn("adm-", Role.ADMIN).cookie();
        Cookie security = signedIn("sec-", Role.SECURITY_ADMIN).cookie();
        String both = unique("two-");

        String page = body(send(mvc, form("/admin/accounts", "username", both, "displayName", "兼任者",
                "roles", "ADMIN", "roles", "AUDITOR"), admin));

        assertThat(page).contains("系统管理员、安全管理员、审计管理员三个角色互斥，且不能与其他角色兼任", "value=\"" + both + "\"");
        assertThat(accounts.findByUsername(OPERATOR, both)).isEmpty();

        AccountView coordinator = accounts.get(OPERATOR, accounts.create(OPERATOR, new AccountAdministration.NewAccount(
                unique("coo-"), "协作办", Set.of(Role.COORDINATOR), Set.of(), null, null, null)).id());
        String refused = body(send(mvc, form("/admin/accounts/" + coordinator.id() + "/roles", "roles", "SECURITY_ADMIN",
                "roles", "COORDINATOR", "version", String.valueOf(coordinator.version())), security));
        assertThat(refused).contains("三个角色互斥");
        assertThat(account(coordinator.username()).roles()).containsExactly(Role.COORDINATOR);
    }

    @Test
    void T23_theSystemAdministratorCannotGrantRolesNorChangeItsOwnNorReadTheAudit() throws Exception {
        Sessions.Signed admin = signedIn("adm-", Role.ADMIN);
        AccountView reporter = accounts.get(OPERATOR, accounts.create(OPERATOR, new AccountAdministration.NewAccount(
                unique("rep-"), "填报员", Set.of(Role.LEADER), Set.of(), null, null, null)).id());
        AccountView own = account(admin.username());

        assertThat(send(mvc, form("/admin/accounts/" + reporter.id() + "/roles", "roles", "COORDINATOR",
                "version", String.valueOf(reporter.version())), admin.cookie()).getStatus()).isEqualTo(403);
        assertThat(send(mvc, form("/admin/accounts/" + own.id() + "/roles", "roles", "ADMIN", "roles", "COORDINATOR",
                "version", String.valueOf(own.version())), admin.cookie()).getStatus()).isEqualTo(403);
        assertThat(send(mvc, form("/admin/accounts/" + reporter.id() + "/reset-second-factor"), admin.cookie()).getStatus())
                .isEqualTo(403);
        assertThat(open(mvc, "/audit", admin.cookie()).getStatus()).isEqualTo(403);
        assertThat(body(open(mvc, "/admin/accounts/" + reporter.id(), admin.cookie()))).doesNotContain("data-roles-form");

        assertThat(account(reporter.username()).roles()).containsExactly(Role.LEADER);
        assertThat(account(admin.username()).roles()).containsExactly(Role.ADMIN);
        assertThat(audit("ROLES_GRANTED", reporter.username())).hasSize(1);
    }

    @Test
    void T23_theSecurityAdministratorGrantsRolesButManagesNoAccountAndNotItsOwnRoles() throws Exception {
        Sessions.Signed security = signedIn("sec-", Role.SECURITY_ADMIN);
        AccountView leader = accounts.get(OPERATOR, accounts.create(OPERATOR, new AccountAdministration.NewAccount(
                unique("lea-"), "领导", Set.of(Role.LEADER), Set.of(), null, null, null)).id());
        AccountView own = account(security.username());

        MockHttpServletResponse granted = send(mvc, form("/admin/accounts/" + leader.id() + "/roles", "roles", "LEADER",
                "roles", "COORDINATOR", "version", String.valueOf(leader.version())), security.cookie());
        assertThat(granted.getRedirectedUrl()).isEqualTo("/admin/accounts/" + leader.id());
        assertThat(account(leader.username()).roles()).containsExactlyInAnyOrder(Role.LEADER, Role.COORDINATOR);

        assertThat(send(mvc, form("/admin/accounts", "username", unique("new-"), "displayName", "新人", "roles", "LEADER"),
                security.cookie()).getStatus()).isEqualTo(403);
        assertThat(open(mvc, "/admin/accounts/new", security.cookie()).getStatus()).isEqualTo(403);
        assertThat(send(mvc, form("/admin/accounts/" + leader.id() + "/disable"), security.cookie()).getStatus()).isEqualTo(403);
        assertThat(send(mvc, form("/admin/accounts/" + leader.id(), "displayName", "改名", "version", "1"), security.cookie())
                .getStatus()).isEqualTo(403);

        MockHttpServletResponse ownRoles = send(mvc, form("/admin/accounts/" + own.id() + "/roles", "roles", "ADMIN",
                "version", String.valueOf(own.version())), security.cookie());
        assertThat(ownRoles.getStatus()).isEqualTo(403);
        assertThat(body(ownRoles)).contains("不能修改本人的角色");
        assertThat(account(security.username()).roles()).containsExactly(Role.SECURITY_ADMIN);
        assertThat(body(open(mvc, "/admin/accounts/" + own.id(), security.cookie()))).contains("data-own-roles")
                .doesNotContain("data-roles-form");
    }

    @Test
    void T23_theAuditorCannotManageUsers() throws Exception {
        Cookie auditor = signedIn("aud-", Role.AUDITOR).cookie();
        AccountView someone = accounts.get(OPERATOR, accounts.create(OPERATOR, new AccountAdministration.NewAccount(
                unique("lea-"), "领导", Set.of(Role.LEADER), Set.of(), null, null, null)).id());

        for (String page : List.of("/admin/accounts", "/admin/accounts/new", "/admin/accounts/" + someone.id(),
                "/admin/accounts/import", "/admin/accounts/template", "/admin/units", "/admin/security")) {
            assertThat(open(mvc, page, auditor).getStatus()).as(page).isEqualTo(403);
        }
        for (String action : List.of("", "/roles", "/units", "/disable", "/reset-password", "/unlock")) {
            assertThat(send(mvc, form("/admin/accounts/" + someone.id() + action, "roles", "AUDITOR",
                    "version", String.valueOf(someone.version())), auditor).getStatus()).as(action).isEqualTo(403);
        }
        assertThat(send(mvc, form("/admin/accounts", "username", unique("x-"), "displayName", "x", "roles", "LEADER"), auditor)
                .getStatus()).isEqualTo(403);
        assertThat(account(someone.username()).roles()).containsExactly(Role.LEADER);
        assertThat(account(someone.username()).enabled()).isTrue();
    }

    @Test
    void T23_everyRoleGrantIsAuditedWithBeforeAndAfter() throws Exception {
        Sessions.Signed signed = signedIn("sec-", Role.SECURITY_ADMIN);
        Cookie security = signed.cookie();
        long unit = AccountFixtures.place(organisation, "区教育局").unit("区教育局");
        String username = unique("rep-");
        long id = accounts.create(OPERATOR, new AccountAdministration.NewAccount(username, "填报员", Set.of(Role.REPORTER),
                Set.of(unit), null, null, null)).id();

        send(mvc, form("/admin/accounts/" + id + "/roles", "roles", "REPORTER", "roles", "LEADER",
                "version", String.valueOf(account(username).version())), security);
        send(mvc, form("/admin/accounts/" + id + "/roles", "roles", "UNIT_HEAD",
                "version", String.valueOf(account(username).version())), security);

        assertThat(audit("ROLES_GRANTED", username)).containsExactly(
                "角色：无 → 填报员（创建账号）", "角色：填报员 → 填报员、领导", "角色：填报员、领导 → 部门负责人");
        assertThat(jdbc.sql("select actor from audit_event where event_type = 'ROLES_GRANTED' and object_id = :u order by id")
                .param("u", username).query(String.class).list())
                .containsExactly("cli:test", signed.username(), signed.username());
    }

    // ------------------------------------------------------------------ T22, T08: changes reach running sessions

    @Test
    void T22_aReporterMovedToAnotherUnitIsRefusedTheOldUnitAtOnce() throws Exception {
        long draftId = imports.upload(COORDINATOR, "seed.txt", SeedDocuments.text());
        imports.adjust(COORDINATOR, draftId, imports.preview(COORDINATOR, draftId).version(),
                new DraftSettings(null, null, unique("账号测试区"), null, null, Map.of()));
        long planId = imports.confirm(COORDINATOR, draftId, imports.preview(COORDINATOR, draftId).version(), false).planId();
        PlanBook book = queries.book(COORDINATOR, planId);
        long education = book.units().stream().filter(u -> u.name().equals("区教育局")).findFirst().orElseThrow().id();
        long health = book.units().stream().filter(u -> u.name().equals("区卫健局")).findFirst().orElseThrow().id();
        Sessions.Signed reporter = signedIn("rep-", Role.REPORTER, education);
        Cookie admin = signedIn("adm-", Role.ADMIN).cookie();
        String educationPage = "/plans/" + planId + "/units/" + education;
        String healthPage = "/plans/" + planId + "/units/" + health;
        assertThat(open(mvc, educationPage, reporter.cookie()).getStatus()).isEqualTo(200);
        assertThat(open(mvc, healthPage, reporter.cookie()).getStatus()).isEqualTo(404);

        AccountView before = account(reporter.username());
        MockHttpServletResponse moved = send(mvc, form("/admin/accounts/" + before.id() + "/units",
                "unitIds", String.valueOf(health), "version", String.valueOf(before.version())), admin);

        assertThat(moved.getRedirectedUrl()).isEqualTo("/admin/accounts/" + before.id());
        assertThat(open(mvc, educationPage, reporter.cookie()).getStatus()).as("the same session, at once").isEqualTo(404);
        assertThat(open(mvc, healthPage, reporter.cookie()).getStatus()).isEqualTo(200);
        assertThat(audit("ACCOUNT_UNITS_CHANGED", reporter.username())).containsExactly("绑定单位：区教育局 → 区卫健局");
    }

    @Test
    void T08_disablingEndsTheSessionsAtTheNextRequestAndEnablingLetsTheAccountSignInAgain() throws Exception {
        Sessions.Signed leader = signedIn("lea-", Role.LEADER);
        Cookie admin = signedIn("adm-", Role.ADMIN).cookie();
        long id = account(leader.username()).id();
        assertThat(open(mvc, "/plans", leader.cookie()).getStatus()).isEqualTo(200);

        assertThat(send(mvc, form("/admin/accounts/" + id + "/disable"), admin).getRedirectedUrl())
                .isEqualTo("/admin/accounts/" + id);

        MockHttpServletResponse refused = open(mvc, "/plans", leader.cookie());
        assertThat(refused.getStatus()).isEqualTo(302);
        assertThat(refused.getRedirectedUrl()).startsWith("/login");
        assertThat(body(open(mvc, "/admin/accounts/" + id, admin))).contains("停用", "启用账号");
        assertThat(signInWithPassword(leader.username(), Sessions.PASSWORD, "127.0.0.32").getRedirectedUrl())
                .isEqualTo("/login?error");

        send(mvc, form("/admin/accounts/" + id + "/enable"), admin);
        Cookie again = Sessions.signIn(mvc, leader.username(), Sessions.PASSWORD, leader.secret(), 1);
        assertThat(open(mvc, "/plans", again).getStatus()).isEqualTo(200);
        assertThat(audit("ACCOUNT_DISABLED", leader.username())).singleElement().asString().contains("结束会话1个");
    }

    @Test
    void resettingThePasswordEndsTheSessionsAndForcesAChangeAtTheNextSignIn() throws Exception {
        Sessions.Signed leader = signedIn("lea-", Role.LEADER);
        Cookie admin = signedIn("adm-", Role.ADMIN).cookie();
        long id = account(leader.username()).id();

        MockHttpServletResponse reset = send(mvc, form("/admin/accounts/" + id + "/reset-password"), admin);
        String temporary = temporaryPassword(body(open(mvc, reset.getRedirectedUrl(), admin)));

        assertThat(open(mvc, "/plans", leader.cookie()).getRedirectedUrl()).startsWith("/login");
        assertThat(signInWithPassword(leader.username(), Sessions.PASSWORD, "127.0.0.33").getRedirectedUrl())
                .as("the old password is gone").isEqualTo("/login?error");
        MockHttpServletResponse password = signInWithPassword(leader.username(), temporary, "127.0.0.33");
        assertThat(password.getRedirectedUrl()).isEqualTo("/login/second-factor");
        Cookie session = password.getCookie("XIEZUO_SESSION");
        MockHttpServletResponse code = mvc.perform(post("/login/second-factor").cookie(session)
                .param("code", Sessions.code(leader.secret(), 1)).with(csrf())).andReturn().getResponse();
        assertThat(code.getRedirectedUrl()).isEqualTo("/account/password");
        Cookie changing = code.getCookie("XIEZUO_SESSION") != null ? code.getCookie("XIEZUO_SESSION") : session;
        assertThat(open(mvc, "/plans", changing).getRedirectedUrl()).as("nothing else before the change")
                .isEqualTo("/account/password");
        assertThat(account(leader.username()).mustChangePassword()).isTrue();
    }

    @Test
    void T01_theSecurityAdministratorLiftsTheLockOfFiveWrongPasswords() throws Exception {
        Sessions.Signed leader = signedIn("lea-", Role.LEADER);
        Cookie security = signedIn("sec-", Role.SECURITY_ADMIN).cookie();
        Cookie admin = signedIn("adm-", Role.ADMIN).cookie();
        long id = account(leader.username()).id();
        for (int i = 0; i < 5; i++) signInWithPassword(leader.username(), "Wrong-Pass-123!", "127.0.0.34");
        assertThat(signInWithPassword(leader.username(), Sessions.PASSWORD, "127.0.0.35").getRedirectedUrl())
                .as("locked, even for the right password").isEqualTo("/login?error");
        assertThat(body(open(mvc, "/admin/accounts", security))).contains("锁定至");
        assertThat(body(open(mvc, "/admin/accounts/" + id, admin))).as("unlocking is the security administrator's")
                .doesNotContain("解除锁定</button>");
        assertThat(send(mvc, form("/admin/accounts/" + id + "/unlock"), admin).getStatus()).isEqualTo(403);

        assertThat(body(open(mvc, "/admin/accounts/" + id, security))).contains("解除锁定</button>");
        assertThat(send(mvc, form("/admin/accounts/" + id + "/unlock"), security).getRedirectedUrl())
                .isEqualTo("/admin/accounts/" + id);

        assertThat(signInWithPassword(leader.username(), Sessions.PASSWORD, "127.0.0.35").getRedirectedUrl())
                .isEqualTo("/login/second-factor");
        assertThat(audit("ACCOUNT_UNLOCKED", leader.username())).containsExactly("解除锁定");
    }

    // ------------------------------------------------------------------ forms

    @Test
    void aStaleVersionSaysTheRecordWasChangedByOthersAndChangesNothing() throws Exception {
        Cookie admin = signedIn("adm-", Role.ADMIN).cookie();
        AccountView leader = accounts.get(OPERATOR, accounts.create(OPERATOR, new AccountAdministration.NewAccount(
                unique("lea-"), "领导甲", Set.of(Role.LEADER), Set.of(), null, null, null)).id());
        accounts.describe(OPERATOR, leader.id(), leader.version(), "领导乙", null, null);

        MockHttpServletResponse stale = send(mvc, form("/admin/accounts/" + leader.id(), "displayName", "领导丙",
                "phone", "", "email", "", "version", String.valueOf(leader.version())), admin);

        assertThat(stale.getRedirectedUrl()).isEqualTo("/admin/accounts/" + leader.id());
        assertThat(body(open(mvc, stale.getRedirectedUrl(), admin))).contains("该记录已被他人修改，请刷新后重试");
        assertThat(account(leader.username()).displayName()).isEqualTo("领导乙");
    }

    @Test
    void invalidDetailsComeBackWithTheMessageAndTheInputKept() throws Exception {
        Cookie admin = signedIn("adm-", Role.ADMIN).cookie();
        AccountView leader = accounts.get(OPERATOR, accounts.create(OPERATOR, new AccountAdministration.NewAccount(
                unique("lea-"), "领导甲", Set.of(Role.LEADER), Set.of(), null, null, null)).id());

        String page = body(send(mvc, form("/admin/accounts/" + leader.id(), "displayName", "领导乙", "phone", "1381234567",
                "email", "", "version", String.valueOf(leader.version())), admin));

        assertThat(page).contains("手机号应为11位中国大陆手机号码", "value=\"1381234567\"", "value=\"领导乙\"");
        assertThat(account(leader.username()).displayName()).isEqualTo("领导甲");

        send(mvc, form("/admin/accounts/" + leader.id(), "displayName", "领导乙", "phone", "13912345678",
                "email", "ld@example.com", "version", String.valueOf(leader.version())), admin);
        assertThat(account(leader.username()).phone()).isEqualTo("13912345678");
        assertThat(audit("ACCOUNT_UPDATED", leader.username())).containsExactly("领导甲/null/null → 领导乙/13912345678/ld@example.com");
    }

    @Test
    void aNewReporterWithoutUnitIsRefusedWithTheRuleAndTheFormKept() throws Exception {
        Cookie admin = signedIn("adm-", Role.ADMIN).cookie();
        AccountFixtures.Place place = AccountFixtures.place(organisation, "区教育局", "区民政局");
        String username = unique("rep-");

        String page = body(send(mvc, form("/admin/accounts", "username", username, "displayName", "填报员",
                "roles", "REPORTER"), admin));
        assertThat(page).contains("部门负责人和填报员须绑定至少一个单位", place.district(), "value=\"" + username + "\"");

        send(mvc, form("/admin/accounts", "username", username, "displayName", "填报员", "roles", "REPORTER",
                "unitIds", String.valueOf(place.unit("区民政局"))), admin);
        assertThat(account(username).unitNames()).isEqualTo("区民政局");
    }

    @Test
    void unitFormsOfTheUnitPageReturnToItAndNeverElsewhere() throws Exception {
        Cookie admin = signedIn("adm-", Role.ADMIN).cookie();
        AccountFixtures.Place place = AccountFixtures.place(organisation, "区人力社保局", "区民政局", "区民宗局");
        long labour = place.unit("区人力社保局");

        assertThat(body(open(mvc, "/admin/units", admin))).contains(place.district(), "区人力社保局", "合并到…",
                "name=\"back\" value=\"admin\"");
        MockHttpServletResponse alias = send(mvc, form("/units/" + labour + "/aliases", "alias", "区人社局", "back", "admin"), admin);
        assertThat(alias.getRedirectedUrl()).isEqualTo("/admin/units#unit-" + labour);
        MockHttpServletResponse elsewhere = send(mvc, form("/units/" + labour + "/rename", "name", "区人力资源和社会保障局",
                "back", "https://evil.example/"), admin);
        assertThat(elsewhere.getRedirectedUrl()).isEqualTo("/admin/units#unit-" + labour);
        MockHttpServletResponse merged = send(mvc, form("/units/" + place.unit("区民宗局") + "/merge",
                "into", String.valueOf(place.unit("区民政局")), "back", "admin"), admin);
        assertThat(merged.getRedirectedUrl()).isEqualTo("/admin/units#unit-" + place.unit("区民政局"));

        String page = body(open(mvc, "/admin/units", admin));
        assertThat(page).contains("区人力资源和社会保障局", "区人社局", "区人力社保局");
        assertThat(organisation.unitsOf(place.districtId())).extracting(u -> u.name())
                .containsExactlyInAnyOrder("区人力资源和社会保障局", "区民政局");
    }

    // ------------------------------------------------------------------ who sees which page

    @Test
    void thePagesRenderForTheRolesThatMaySeeThemAndAre403ForTheOthers() throws Exception {
        long someone = accounts.create(OPERATOR, new AccountAdministration.NewAccount(unique("lea-"), "领导",
                Set.of(Role.LEADER), Set.of(), null, null, null)).id();
        AccountFixtures.place(organisation, "区教育局");
        List<String> pages = List.of("/admin/accounts", "/admin/accounts/new", "/admin/accounts/" + someone,
                "/admin/accounts/import", "/admin/accounts/template", "/admin/units", "/admin/security");
        Map<Role, Set<String>> allowed = new LinkedHashMap<>();
        allowed.put(Role.ADMIN, Set.of("/admin/accounts", "/admin/accounts/new", "/admin/accounts/" + someone,
                "/admin/accounts/import", "/admin/accounts/template", "/admin/units"));
        allowed.put(Role.SECURITY_ADMIN, Set.of("/admin/accounts", "/admin/accounts/" + someone, "/admin/security"));
        allowed.put(Role.AUDITOR, Set.of());
        allowed.put(Role.COORDINATOR, Set.of("/admin/units"));
        allowed.put(Role.REPORTER, Set.of());
        long unit = AccountFixtures.place(organisation, "区教育局").unit("区教育局");

        for (var entry : allowed.entrySet()) {
            Role role = entry.getKey();
            Cookie session = role == Role.REPORTER ? signedIn("rep-", role, unit).cookie() : signedIn("who-", role).cookie();
            for (String page : pages) {
                int expected = entry.getValue().contains(page) ? 200 : 403;
                assertThat(open(mvc, page, session).getStatus()).as(role + " " + page).isEqualTo(expected);
            }
        }
    }

    @Test
    void theListSearchesByUserNameOrNameAndSaysWhenNothingMatches() throws Exception {
        Cookie security = signedIn("sec-", Role.SECURITY_ADMIN).cookie();
        String username = unique("srch-");
        accounts.create(OPERATOR, new AccountAdministration.NewAccount(username, "欧阳检索", Set.of(Role.LEADER), Set.of(),
                null, null, null));

        assertThat(body(open(mvc, "/admin/accounts?q=" + username.toUpperCase(), security)))
                .contains("data-account=\"" + username + "\"", "欧阳检索", "领导", "未设置");
        assertThat(body(mvc.perform(get("/admin/accounts").param("q", "欧阳检").cookie(security)).andReturn().getResponse()))
                .contains(username);
        assertThat(body(mvc.perform(get("/admin/accounts").param("q", "没有这个人").cookie(security)).andReturn().getResponse()))
                .contains("data-no-match", "没有用户名或姓名包含「没有这个人」的账号");
    }

    @Test
    void theSecuritySettingsPageShowsTheRulesInForceReadOnly() throws Exception {
        Cookie security = signedIn("sec-", Role.SECURITY_ADMIN).cookie();

        String page = body(open(mvc, "/admin/security", security));

        assertThat(page).contains("data-rule=\"max-failures\">5次<", "data-rule=\"lock-duration\">30分钟<",
                "10分钟内20次", "90天", "data-rule=\"idle\">30分钟<", "12小时", "365天", "xiezuo.security.", "2MB", "500行")
                .doesNotContain("<form class=");
    }
}
