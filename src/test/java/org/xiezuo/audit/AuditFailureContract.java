package org.xiezuo.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.importer.DraftSettings;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.plan.PlanStatus;
import org.xiezuo.plan.Planning;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * T57: when the audit row of a change cannot be written, the change does not happen — the transaction
 * rolls back, the plan keeps its state and version, and the user reads "系统审计不可用，操作未执行"
 * (等保 8.1.4.3 d). Each database breaks the audit write its own way.
 */
abstract class AuditFailureContract {

    static final Actor COORDINATOR = Actor.user("coordinator", "协作办", Set.of(Role.COORDINATOR));

    @Autowired MockMvc mvc;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries queries;
    @Autowired Planning planning;
    @Autowired AuditIntegrity integrity;
    @Autowired JdbcClient jdbc;

    long planId;

    /** Makes every audit write fail until closed. */
    abstract AutoCloseable auditUnwritable() throws Exception;

    @BeforeEach
    void importThePlan() {
        long draftId = imports.upload(COORDINATOR, "seed.txt", SeedDocuments.text());
        imports.adjust(COORDINATOR, draftId, imports.preview(COORDINATOR, draftId).version(),
                new DraftSettings(null, null, "审计故障区" + UUID.randomUUID().toString().substring(0, 8), null, null, Map.of()));
        planId = imports.confirm(COORDINATOR, draftId, imports.preview(COORDINATOR, draftId).version(), false).planId();
    }

    PlanBook.Header plan() {
        return queries.book(COORDINATOR, planId).plan();
    }

    long archivedRows() {
        return jdbc.sql("select count(*) from audit_event where plan_id = :p and event_type = 'PLAN_ARCHIVED'")
                .param("p", planId).query(Long.class).single();
    }

    @Test
    void T57_aFailingAuditWriteRollsBackTheChangeInTheService() throws Exception {
        int version = plan().version();

        try (AutoCloseable broken = auditUnwritable()) {
            assertThatThrownBy(() -> planning.archive(COORDINATOR, planId))
                    .isInstanceOf(AuditUnavailable.class)
                    .hasMessage("系统审计不可用，操作未执行");
        }

        assertThat(plan().status()).isEqualTo(PlanStatus.ACTIVE);
        assertThat(plan().version()).isEqualTo(version);
        assertThat(archivedRows()).isZero();
        assertThat(integrity.verify().intact()).isTrue();
    }

    @Test
    void T57_theUserSeesThatTheOperationWasNotCarriedOut() throws Exception {
        int version = plan().version();

        MockHttpServletResponse response;
        try (AutoCloseable broken = auditUnwritable()) {
            response = mvc.perform(post("/plans/" + planId + "/archive")
                    .with(user("coordinator").roles("COORDINATOR")).with(csrf())).andReturn().getResponse();
        }

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains("系统审计不可用，操作未执行")
                .doesNotContain("Exception").doesNotContain("audit_event");
        assertThat(plan().status()).isEqualTo(PlanStatus.ACTIVE);
        assertThat(plan().version()).isEqualTo(version);

        mvc.perform(post("/plans/" + planId + "/archive").with(user("coordinator").roles("COORDINATOR")).with(csrf()))
                .andExpect(redirectedUrl("/plans/" + planId));
        assertThat(plan().status()).as("once the trail works again, so does the change").isEqualTo(PlanStatus.ARCHIVED);
        assertThat(archivedRows()).isOne();
        assertThat(integrity.verify().intact()).isTrue();
    }
}
