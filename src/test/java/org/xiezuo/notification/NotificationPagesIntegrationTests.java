package org.xiezuo.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ApiTokens;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/** The bell, the list and the preferences page, and the same through the API with a personal access token. */
@XiezuoTest
@AutoConfigureMockMvc
class NotificationPagesIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired ApiTokens tokens;
    @Autowired Notifications notifications;
    @Autowired ApplicationContext context;
    @Autowired Inbox inbox;

    private String page(MockHttpServletResponse response) throws Exception {
        assertThat(response.getStatus()).isEqualTo(200);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void theBellCountsUnreadNotificationsTheListMarksThemReadAndTheApiAgrees() throws Exception {
        Sessions.Signed me = Sessions.create(mvc, accounts, "bell-leader", Set.of(Role.LEADER), Set.of());
        notifications.notifyAccounts(List.of("bell-leader"), new Notice("page:1", "督办提醒", "请查看", "/plans", null));
        notifications.notifyAccounts(List.of("bell-leader"), new Notice("page:2", "逾期未报", "区教育局", null, null));
        Deliveries.deliverNow(context);

        String home = page(mvc.perform(get("/account").cookie(me.cookie())).andReturn().getResponse());
        assertThat(home).contains("data-notification-bell", "data-unread-count=\"2\"", "data-unread-badge");
        String list = page(mvc.perform(get("/notifications").cookie(me.cookie())).andReturn().getResponse());
        assertThat(list).contains("督办提醒", "逾期未报", "data-notification=");
        long id = inbox.list(Actor.user("bell-leader", "bell", Set.of(Role.LEADER)), false, 0, 10).items().stream()
                .filter(i -> i.title().equals("督办提醒")).findFirst().orElseThrow().id();
        assertThat(list).contains("data-notification=\"" + id + "\"");

        MockHttpServletResponse open = mvc.perform(post("/notifications/" + id + "/read").param("open", "true").cookie(me.cookie())
                .with(csrf())).andReturn().getResponse();
        assertThat(open.getRedirectedUrl()).isEqualTo("/plans");
        assertThat(page(mvc.perform(get("/account").cookie(me.cookie())).andReturn().getResponse())).contains("data-unread-count=\"1\"");

        String token = tokens.create(Actor.user("bell-leader", "bell", Set.of(Role.LEADER)), "测试", 1).secret();
        String count = mvc.perform(get("/api/v1/notifications/unread-count").header("Authorization", "Bearer " + token))
                .andReturn().getResponse().getContentAsString();
        assertThat(count).isEqualTo("{\"unread\":1}");
        String items = mvc.perform(get("/api/v1/notifications").param("unread", "true").header("Authorization", "Bearer " + token))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(items).contains("逾期未报").doesNotContain("督办提醒");
        MockHttpServletResponse chosen = mvc.perform(put("/api/v1/notifications/preferences").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content("{\"WEBHOOK\": false}")).andReturn().getResponse();
        assertThat(chosen.getStatus()).isEqualTo(200);
        assertThat(chosen.getContentAsString(StandardCharsets.UTF_8)).contains("\"channel\":\"WEBHOOK\"");

        mvc.perform(post("/notifications/read-all").cookie(me.cookie()).with(csrf()));
        assertThat(page(mvc.perform(get("/account").cookie(me.cookie())).andReturn().getResponse())).contains("data-unread-count=\"0\"")
                .doesNotContain("data-unread-badge");
        String preferences = page(mvc.perform(get("/notifications/preferences").cookie(me.cookie())).andReturn().getResponse());
        assertThat(preferences).contains("data-notification-preferences", "站内通知", "系统未配置此渠道");
        MockHttpServletResponse saved = mvc.perform(post("/notifications/preferences").cookie(me.cookie()).with(csrf())
                .param("shown", "EMAIL", "WEBHOOK").param("on", "WEBHOOK")).andReturn().getResponse();
        assertThat(saved.getRedirectedUrl()).isEqualTo("/notifications/preferences");
    }
}
