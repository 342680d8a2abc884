package org.xiezuo.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.importer.DraftSettings;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * The maintenance pages of a plan over HTTP: every form renders, invalid input comes back with a clear
 * message and the input kept, valid input saves and returns to the plan with a message.
 */
@XiezuoTest
@AutoConfigureMockMvc
class PlanPagesIntegrationTests {

    static final Actor COORDINATOR = Actor.user("coordinator", "协作办", Set.of(Role.COORDINATOR));

    @Autowired MockMvc mvc;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries queries;

    long planId;
    PlanBook book;

    @BeforeEach
    void importThePlan() {
        long draftId = imports.upload(COORDINATOR, "seed.txt", SeedDocuments.text());
        imports.adjust(COORDINATOR, draftId, imports.preview(COORDINATOR, draftId).version(),
                new DraftSettings(null, null, "页面测试区" + UUID.randomUUID().toString().substring(0, 8), null, null, Map.of()));
        planId = imports.confirm(COORDINATOR, draftId, imports.preview(COORDINATOR, draftId).version(), false).planId();
        book = queries.book(COORDINATOR, planId);
    }

    static RequestPostProcessor coordinator() {
        return user("coordinator").roles("COORDINATOR");
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(coordinator())).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private PlanBook.IndicatorRow indicator(String code) {
        return queries.book(COORDINATOR, planId).indicators().stream().filter(i -> code.equals(i.code())).findFirst().orElseThrow();
    }

    @Test
    void everyTabAndFormRenders() throws Exception {
        PlanBook.IndicatorRow row = indicator("27");
        PlanBook.TaskRow task = book.tasks().get(0);
        assertThat(page(get("/plans"))).contains(book.plan().title());
        assertThat(page(get("/plans/" + planId).param("tab", "units"))).contains("区人社局", "合并到…");
        assertThat(page(get("/plans/" + planId + "/edit"))).contains("value=\"舟普政办〔2021〕71号\"", "考核截止日期");
        assertThat(page(get("/plans/" + planId + "/tasks/new").param("unit", String.valueOf(task.lead().id()))))
                .contains("value=\"区委组织部\"");
        assertThat(page(get("/tasks/" + task.id() + "/edit").param("plan", String.valueOf(planId)))).contains(task.text());
        assertThat(page(get("/plans/" + planId + "/indicators/new"))).contains("考核方式", "上级指标");
        assertThat(page(get("/indicators/" + row.id() + "/edit").param("plan", String.valueOf(planId))))
                .contains("value=\"其中：脱贫人口数（含存量）\"", "selected=\"selected\">26.吸纳农村劳动力就业数（含存量）<");
        assertThat(page(get("/indicators/" + row.id() + "/target").param("plan", String.valueOf(planId))))
                .contains("当前目标：<strong>50</strong>");
    }

    @Test
    void aTargetRevisionWithoutReasonIsShownAgainWithTheMessage() throws Exception {
        PlanBook.IndicatorRow row = indicator("5");
        String page = page(post("/indicators/" + row.id() + "/target").param("plan", String.valueOf(planId))
                .param("target", "1,500").param("assessment", "ASSESSED").param("effectiveOn", "2021-09-01")
                .param("reason", "").param("version", String.valueOf(row.version())).with(csrf()));

        assertThat(page).contains("调整目标须填写原因", "value=\"1,500\"");
        assertThat(indicator("5").target()).isEqualByComparingTo("1400");

        mvc.perform(post("/indicators/" + row.id() + "/target").param("plan", String.valueOf(planId))
                        .param("target", "1,500").param("assessment", "ASSESSED").param("effectiveOn", "2021-09-01")
                        .param("reason", "省里下达新目标").param("version", String.valueOf(row.version()))
                        .with(coordinator()).with(csrf()))
                .andExpect(redirectedUrl("/plans/" + planId + "?tab=indicators#indicator-" + row.id()));
        assertThat(indicator("5").target()).isEqualByComparingTo("1500");
    }

    @Test
    void aTaskFormWithAnUnknownUnitSaysWhichOne() throws Exception {
        String page = page(post("/plans/" + planId + "/tasks").param("units", "区教育局、区不存在局")
                .param("text", "新任务内容。").param("version", "0").with(csrf()));

        assertThat(page).contains("未找到单位：区不存在局", "新任务内容。");
        assertThat(queries.book(COORDINATOR, planId).tasks()).hasSize(42);

        mvc.perform(post("/plans/" + planId + "/tasks").param("units", "区人社局 区教育局").param("text", "新任务内容。")
                        .param("version", "0").with(coordinator()).with(csrf()))
                .andExpect(redirectedUrl("/plans/" + planId));
        PlanBook after = queries.book(COORDINATOR, planId);
        assertThat(after.tasks()).hasSize(43);
        assertThat(after.tasks()).filteredOn(t -> t.text().equals("新任务内容。")).singleElement()
                .satisfies(t -> assertThat(t.units()).extracting(PlanBook.UnitRef::name).containsExactly("区人力社保局", "区教育局"));
    }

    @Test
    void theHeaderFormValidatesAndSaves() throws Exception {
        PlanBook.Header h = book.plan();
        String page = page(post("/plans/" + planId + "/edit").param("programme", "东西部协作").param("title", "")
                .param("year", "2021").param("assessmentStart", "2021-01-01").param("assessmentEnd", "2021-11-30")
                .param("version", String.valueOf(h.version())).with(csrf()));
        assertThat(page).contains("任务书标题不能为空");

        mvc.perform(post("/plans/" + planId + "/edit").param("programme", "东西部协作").param("title", h.title())
                        .param("noticeTitle", h.noticeTitle()).param("year", "2021").param("documentNumber", "舟普政办[2021]71号")
                        .param("issuer", h.issuer()).param("issuedOn", "2021-10-19").param("eastRegion", "普陀")
                        .param("westRegion", "万源").param("eastProvince", "浙江省").param("westProvince", "四川省")
                        .param("assessmentStart", "2021-01-01").param("assessmentEnd", "2021-11-30")
                        .param("version", String.valueOf(h.version())).with(coordinator()).with(csrf()))
                .andExpect(redirectedUrl("/plans/" + planId));
        PlanBook.Header saved = queries.book(COORDINATOR, planId).plan();
        assertThat(saved.assessmentEnd()).hasToString("2021-11-30");
        assertThat(saved.documentNumber()).isEqualTo("舟普政办〔2021〕71号");
    }

    @Test
    void unitsCanBeGivenAliasesAndMergedFromTheUnitsTab() throws Exception {
        long charity = book.units().stream().filter(u -> u.name().equals("区慈善总会")).findFirst().orElseThrow().id();
        long civil = book.units().stream().filter(u -> u.name().equals("区民政局")).findFirst().orElseThrow().id();

        mvc.perform(post("/units/" + civil + "/aliases").param("alias", "民政局").param("plan", String.valueOf(planId))
                        .with(coordinator()).with(csrf()))
                .andExpect(redirectedUrl("/plans/" + planId + "?tab=units"));
        mvc.perform(post("/units/" + charity + "/merge").param("into", String.valueOf(civil)).param("plan", String.valueOf(planId))
                        .with(coordinator()).with(csrf()))
                .andExpect(redirectedUrl("/plans/" + planId + "?tab=units"));

        PlanBook after = queries.book(COORDINATOR, planId);
        assertThat(after.units()).filteredOn(u -> u.id() == civil).singleElement()
                .satisfies(u -> assertThat(u.aliases()).containsExactly("民政局", "区慈善总会"));
        assertThat(page(get("/plans/" + planId).param("tab", "history"))).contains("合并单位").doesNotContain("UNITS_MERGED");
    }
}
