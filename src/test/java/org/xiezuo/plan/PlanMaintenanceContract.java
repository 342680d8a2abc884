package org.xiezuo.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.importer.DraftSettings;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Role;
import org.xiezuo.unit.Organisation;

/**
 * After import the coordinator maintains the plan: header, tasks, indicators, responsible units,
 * target revisions that keep the old value, unit aliases and merges — each change in the history,
 * stale edits refused. Runs on H2 and PostgreSQL.
 */
abstract class PlanMaintenanceContract {

    static final Actor COORDINATOR = Actor.user("coordinator", "协作办", Set.of(Role.COORDINATOR));

    @Autowired DocumentImports imports;
    @Autowired PlanEditing editing;
    @Autowired Planning planning;
    @Autowired PlanQueries queries;
    @Autowired Organisation organisation;
    @Autowired JdbcClient jdbc;

    long planId;
    PlanBook book;

    @BeforeEach
    void importTheSeed() {
        long draftId = imports.upload(COORDINATOR, "seed.txt", SeedDocuments.text());
        imports.adjust(COORDINATOR, draftId, imports.preview(COORDINATOR, draftId).version(),
                new DraftSettings(null, null, "维护测试区" + UUID.randomUUID().toString().substring(0, 8), null, null, Map.of()));
        planId = imports.confirm(COORDINATOR, draftId, imports.preview(COORDINATOR, draftId).version(), false).planId();
        book = queries.book(COORDINATOR, planId);
    }

    long unit(String name) {
        return book.units().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow().id();
    }

    PlanBook.IndicatorRow indicator(String code) {
        return queries.book(COORDINATOR, planId).indicators().stream().filter(i -> code.equals(i.code())).findFirst().orElseThrow();
    }

    List<String> history() {
        return jdbc.sql("select event_type || ' ' || coalesce(detail, '') from audit_event where plan_id = :p order by id")
                .param("p", planId).query(String.class).list();
    }

    @Test
    void revisingATargetKeepsTheOldValueWithDateAndReason() {
        PlanBook.IndicatorRow donations = indicator("33");

        editing.reviseTarget(COORDINATOR, donations.id(), donations.version(), new BigDecimal("400"), "400",
                Assessment.ASSESSED, LocalDate.of(2021, 8, 1), "市协作办2021年8月通知调整");

        PlanBook.IndicatorRow revised = indicator("33");
        assertThat(revised.target()).isEqualByComparingTo("400");
        assertThat(revised.revisions()).isEqualTo(1);
        var row = jdbc.sql("""
                select old_target, new_target, effective_on, reason, revised_by from plan_target_revision
                where indicator_id = :id""").param("id", donations.id()).query().singleRow();
        assertThat((BigDecimal) row.get("old_target")).isEqualByComparingTo("350");
        assertThat((BigDecimal) row.get("new_target")).isEqualByComparingTo("400");
        assertThat(row.get("effective_on").toString()).isEqualTo("2021-08-01");
        assertThat(row.get("reason")).isEqualTo("市协作办2021年8月通知调整");
        assertThat(row.get("revised_by")).isEqualTo("coordinator");
        assertThat(history()).anyMatch(h -> h.startsWith("TARGET_REVISED") && h.contains("350 → 400")
                && h.contains("市协作办2021年8月通知调整"));
    }

    @Test
    void aTargetRevisionNeedsAReasonAndAllowedDecimals() {
        PlanBook.IndicatorRow people = indicator("5");

        assertThatThrownBy(() -> editing.reviseTarget(COORDINATOR, people.id(), people.version(), new BigDecimal("1500"),
                "1500", Assessment.ASSESSED, LocalDate.of(2021, 9, 1), " "))
                .isInstanceOf(BusinessRuleViolation.class).hasMessage("调整目标须填写原因");
        assertThatThrownBy(() -> editing.reviseTarget(COORDINATOR, people.id(), people.version(), new BigDecimal("1500.5"),
                "1500.5", Assessment.ASSESSED, LocalDate.of(2021, 9, 1), "调整"))
                .isInstanceOf(BusinessRuleViolation.class).hasMessageContaining("小数位数超过计量单位「人」允许的0位");
        assertThat(indicator("5").target()).isEqualByComparingTo("1400");
    }

    @Test
    void aStaleEditIsRefusedAndChangesNothing() {
        PlanBook.IndicatorRow people = indicator("5");
        editing.reviseTarget(COORDINATOR, people.id(), people.version(), new BigDecimal("1500"), "1500",
                Assessment.ASSESSED, LocalDate.of(2021, 9, 1), "第一次调整");

        assertThatThrownBy(() -> editing.reviseTarget(COORDINATOR, people.id(), people.version(), new BigDecimal("1600"),
                "1600", Assessment.ASSESSED, LocalDate.of(2021, 9, 2), "基于旧页面的调整"))
                .isInstanceOf(OptimisticLockingFailureException.class).hasMessage("该记录已被他人修改，请刷新后重试");
        assertThat(indicator("5").target()).isEqualByComparingTo("1500");
    }

    @Test
    void tasksCanBeAddedEditedAndRemovedAndKeepTheirNumbering() {
        long education = unit("区教育局");
        long added = editing.addTask(COORDINATOR, planId, List.of(education, unit("区人力社保局")), "组织万源教师来普跟岗学习。",
                LocalDate.of(2021, 12, 31));

        PlanBook after = queries.book(COORDINATOR, planId);
        List<PlanBook.TaskRow> educationTasks = after.tasks().stream().filter(t -> t.lead().id() == education).toList();
        assertThat(educationTasks).extracting(PlanBook.TaskRow::seq).containsExactly(1, 2, 3);
        assertThat(educationTasks.get(2).id()).isEqualTo(added);
        assertThat(educationTasks.get(2).units()).extracting(PlanBook.UnitRef::name).containsExactly("区教育局", "区人力社保局");
        assertThat(after.tasks()).hasSize(43);
        assertThat(after.tasks().indexOf(educationTasks.get(2))).isEqualTo(after.tasks().indexOf(educationTasks.get(1)) + 1);

        PlanBook.TaskRow first = educationTasks.get(0);
        editing.removeTask(COORDINATOR, first.id());
        PlanBook removed = queries.book(COORDINATOR, planId);
        assertThat(removed.tasks().stream().filter(t -> t.lead().id() == education))
                .extracting(PlanBook.TaskRow::seq).containsExactly(1, 2);
        assertThat(history()).anyMatch(h -> h.startsWith("TASK_ADDED") && h.contains("组织万源教师来普跟岗学习"))
                .anyMatch(h -> h.startsWith("TASK_REMOVED") && h.contains(first.text()));
    }

    @Test
    void indicatorsCanBeAddedChangedAndRemovedWithTheirRules() {
        long led = editing.addIndicator(COORDINATOR, planId, new IndicatorDraft("37", "促进乡村振兴", "援建乡村振兴示范点",
                "个", new BigDecimal("2"), "2", Assessment.ASSESSED, StockRule.INCREMENT_ONLY, null,
                List.of(unit("区农业农村局"))));
        PlanBook after = queries.book(COORDINATOR, planId);
        assertThat(after.indicators()).hasSize(39);
        assertThat(after.indicators().get(38).id()).isEqualTo(led);

        PlanBook.IndicatorRow parent = indicator("26");
        assertThatThrownBy(() -> editing.removeIndicator(COORDINATOR, parent.id()))
                .isInstanceOf(BusinessRuleViolation.class).hasMessageContaining("「其中」指标");

        PlanBook.IndicatorRow investment = indicator("16");
        editing.reviseIndicator(COORDINATOR, investment.id(), investment.version(), new IndicatorDraft("16", "加强区域协作",
                "企业实际到位投资额", "亿元", investment.target(), investment.targetText(), investment.assessment(),
                StockRule.INCLUDES_STOCK, null, List.of(unit("区投资促进中心"), unit("区发改局"))));
        PlanBook.IndicatorRow changed = indicator("16");
        assertThat(changed.name()).isEqualTo("企业实际到位投资额");
        assertThat(changed.stockRule()).isEqualTo(StockRule.INCLUDES_STOCK);
        assertThat(changed.units()).extracting(PlanBook.UnitRef::name).containsExactly("区投资促进中心", "区发改局");
        assertThat(changed.target()).isEqualByComparingTo("4");

        editing.removeIndicator(COORDINATOR, led);
        assertThat(queries.book(COORDINATOR, planId).indicators()).hasSize(38);
        assertThat(history()).anyMatch(h -> h.startsWith("INDICATOR_REVISED") && h.contains("企业实际到位投资额"))
                .anyMatch(h -> h.startsWith("INDICATOR_REMOVED") && h.contains("援建乡村振兴示范点"));
    }

    @Test
    void theHeaderCanBeRevisedIncludingTheStatisticalCutOff() {
        PlanBook.Header h = book.plan();
        planning.reviseHeader(COORDINATOR, planId, h.version(), new PlanHeader(h.programme(), h.title(), h.noticeTitle(),
                h.year(), h.eastRegion(), h.westRegion(), h.eastProvince(), h.westProvince(), h.documentNumber(), h.issuer(),
                h.issuedOn(), LocalDate.of(2021, 1, 1), LocalDate.of(2021, 11, 30)));

        assertThat(queries.book(COORDINATOR, planId).plan().assessmentEnd()).isEqualTo(LocalDate.of(2021, 11, 30));
        assertThat(history()).anyMatch(h2 -> h2.startsWith("PLAN_HEADER_REVISED") && h2.contains("考核结束日期：2021-12-31 → 2021-11-30"));
        assertThatThrownBy(() -> new PlanHeader(h.programme(), "", null, 1999, null, null, null, null, null, null, null,
                LocalDate.of(2021, 12, 31), LocalDate.of(2021, 1, 1)))
                .isInstanceOf(BusinessRuleViolation.class)
                .hasMessage("任务书标题不能为空；年度应在2000至2100之间；考核开始日期应早于结束日期");
    }

    @Test
    void mergingUnitsMovesEveryResponsibilityAndKeepsTheNameAsAlias() {
        long charity = unit("区慈善总会");
        long civil = unit("区民政局");

        organisation.merge(COORDINATOR, charity, civil);

        PlanBook after = queries.book(COORDINATOR, planId);
        assertThat(after.units()).extracting(PlanBook.UnitRow::name).doesNotContain("区慈善总会");
        assertThat(after.units()).filteredOn(u -> u.id() == civil).singleElement()
                .satisfies(u -> assertThat(u.aliases()).contains("区慈善总会"));
        assertThat(indicator("33").units()).extracting(PlanBook.UnitRef::name)
                .containsExactly("区发改局", "区财政局（区国资办）", "区工商联", "区民政局");
        assertThat(organisation.match(after.plan().districtId(), "区慈善总会", "普陀")).get()
                .extracting(org.xiezuo.unit.Unit::name).isEqualTo("区民政局");
    }

    @Test
    void anArchivedPlanRefusesChangesUntilReactivated() {
        planning.archive(COORDINATOR, planId);

        assertThatThrownBy(() -> editing.addTask(COORDINATOR, planId, List.of(unit("区教育局")), "新任务。", null))
                .isInstanceOf(BusinessRuleViolation.class).hasMessageContaining("任务书已归档");
        planning.reactivate(COORDINATOR, planId);
        assertThat(editing.addTask(COORDINATOR, planId, List.of(unit("区教育局")), "新任务。", null)).isPositive();
    }

    @Test
    void anActorWithoutARoleMayNeitherReadNorChangeAPlan() {
        Actor nobody = Actor.user("nobody", "无角色", Set.of());

        assertThatThrownBy(() -> queries.book(nobody, planId)).isInstanceOf(AccessDenied.class);
        assertThatThrownBy(() -> planning.archive(nobody, planId)).isInstanceOf(AccessDenied.class);
        assertThat(history()).noneMatch(h -> h.startsWith("PLAN_ARCHIVED"));
    }
}
