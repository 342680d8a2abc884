package org.xiezuo.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.plan.Assessment;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanChanges;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.plan.StockRule;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * The import from upload to plan, run on H2 and on PostgreSQL: the seed becomes a plan with every
 * unit, task and indicator; the same document again creates no duplicate; a changed document shows
 * its differences and updates the plan in place; cancelling leaves nothing behind.
 */
abstract class DocumentImportsContract {

    static final Actor COORDINATOR = Actor.user("coordinator", "协作办", java.util.Set.of(Role.COORDINATOR));

    @Autowired DocumentImports imports;
    @Autowired PlanQueries queries;
    @Autowired JdbcClient jdbc;

    /** Uploads a document and points its draft at a district of its own, so tests never share units or plans. */
    long upload(byte[] content, String fileName, String district) {
        long draftId = imports.upload(COORDINATOR, fileName, content);
        ImportPreview preview = imports.preview(COORDINATOR, draftId);
        imports.adjust(COORDINATOR, draftId, preview.version(),
                new DraftSettings(null, null, district, null, null, Map.of()));
        return draftId;
    }

    static String uniqueDistrict() {
        return "测试区" + UUID.randomUUID().toString().substring(0, 8);
    }

    long confirm(long draftId, boolean update) {
        return imports.confirm(COORDINATOR, draftId, imports.preview(COORDINATOR, draftId).version(), update).planId();
    }

    @Test
    void importsTheSeedAsAPlanWithEveryUnitTaskAndIndicator() {
        String district = uniqueDistrict();
        long draftId = upload(SeedDocuments.text(), "000_8dbde2f5342aad4c.txt", district);

        ImportPreview preview = imports.preview(COORDINATOR, draftId);
        assertThat(preview.problems()).isEmpty();
        assertThat(preview.existing()).isNull();
        assertThat(preview.book().warnings()).hasSize(8);
        assertThat(preview.units()).hasSize(24).allMatch(u -> u.existingUnitId() == null);

        long planId = confirm(draftId, false);
        PlanBook book = queries.book(COORDINATOR, planId);

        assertThat(book.plan().title()).isEqualTo("2021年普陀-万源东西部协作工作任务书");
        assertThat(book.plan().documentNumber()).isEqualTo("舟普政办〔2021〕71号");
        assertThat(book.plan().district()).isEqualTo(district);
        assertThat(book.plan().year()).isEqualTo(2021);
        assertThat(book.plan().assessmentStart()).hasToString("2021-01-01");
        assertThat(book.plan().assessmentEnd()).hasToString("2021-12-31");
        assertThat(book.plan().eastProvince()).isEqualTo("浙江省");
        assertThat(book.plan().westProvince()).isEqualTo("四川省");
        assertThat(book.plan().programme()).isEqualTo("东西部协作");
        assertThat(book.plan().sourceDocumentId()).isNotNull();
        assertThat(book.tasks()).hasSize(42);
        assertThat(book.indicators()).hasSize(38);
        assertThat(book.units()).hasSize(24);
        assertThat(book.units()).filteredOn(u -> u.name().equals("区人力社保局")).singleElement()
                .satisfies(u -> assertThat(u.aliases()).containsExactly("区人社局"));

        PlanBook.IndicatorRow investment = indicator(book, "15");
        assertThat(investment.units()).extracting(PlanBook.UnitRef::name)
                .containsExactly("区发改局", "区经信局", "区农业农村局", "区文广旅体局", "区投资促进中心", "区人力社保局");
        assertThat(indicator(book, "14").target()).isEqualByComparingTo("0.3");
        assertThat(indicator(book, "14").measureUnit()).isEqualTo("亿元");
        assertThat(indicator(book, "5").stockRule()).isEqualTo(StockRule.INCLUDES_STOCK);
        assertThat(indicator(book, "22").assessment()).isEqualTo(Assessment.STATISTICS_ONLY);
        assertThat(indicator(book, "23").assessment()).isEqualTo(Assessment.STATISTICS_ONLY);
        assertThat(indicator(book, "23").target()).isNull();
        assertThat(indicator(book, "27").parentId()).isEqualTo(indicator(book, "26").id());
        assertThat(book.indicators()).filteredOn(i -> i.code() == null)
                .allSatisfy(i -> assertThat(i.assessment()).isEqualTo(Assessment.NO_TARGET));
        assertThat(book.assessedCount()).isEqualTo(34);
        assertThat(book.tasks().get(0).units()).extracting(PlanBook.UnitRef::name).containsExactly("区委组织部");
        assertThat(book.tasks()).extracting(PlanBook.TaskRow::position).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 42).boxed().toList());

        assertThat(eventTypes(planId)).contains("PLAN_CREATED", "IMPORT_CONFIRMED");
        assertThat(jdbc.sql("select status from importer_draft where id = :id").param("id", draftId).query(String.class).single())
                .isEqualTo("CONFIRMED");
    }

    @Test
    void importingTheSameDocumentAgainCreatesNoDuplicate() {
        String district = uniqueDistrict();
        long planId = confirm(upload(SeedDocuments.text(), "seed.txt", district), false);
        long plansBefore = countPlans();

        long again = upload(SeedDocuments.docx(), "seed.docx", district);
        ImportPreview preview = imports.preview(COORDINATOR, again);
        assertThat(preview.existing()).isNotNull();
        assertThat(preview.existing().id()).isEqualTo(planId);
        assertThat(preview.changes()).isNotNull();
        assertThat(preview.changes().isEmpty()).isTrue();
        assertThat(preview.units()).allMatch(u -> u.existingUnitId() != null);

        assertThatThrownBy(() -> confirm(again, false)).isInstanceOf(ImportRefused.class)
                .hasMessageContaining("已存在相同文号和标题的任务书");
        assertThat(countPlans()).isEqualTo(plansBefore);

        assertThat(confirm(again, true)).isEqualTo(planId);
        assertThat(countPlans()).isEqualTo(plansBefore);
        assertThat(queries.book(COORDINATOR, planId).tasks()).hasSize(42);
    }

    @Test
    void aChangedDocumentShowsItsDifferencesAndUpdatesThePlanInPlace() {
        String district = uniqueDistrict();
        long planId = confirm(upload(SeedDocuments.text(), "seed.txt", district), false);
        PlanBook before = queries.book(COORDINATOR, planId);

        String changed = new String(SeedDocuments.text(), StandardCharsets.UTF_8)
                .replace("5.帮助四川省农村劳动力到我省就业数（含存量）\t人\t1400", "5.帮助四川省农村劳动力到我省就业数（含存量）\t人\t1,500")
                .replace("2.动员区级机关事业单位工会组织采购万源特色农产品", "2.动员区级机关和事业单位工会组织采购万源特色农产品")
                .replace("\n3.推进远程医疗项目。", "\n3.推进远程医疗和远程教学项目。");
        long draftId = upload(changed.getBytes(StandardCharsets.UTF_8), "seed-v2.txt", district);

        PlanChanges changes = imports.preview(COORDINATOR, draftId).changes();
        assertThat(changes).isNotNull();
        assertThat(changes.header()).isEmpty();
        assertThat(changes.tasks()).extracting(PlanChanges.TaskChange::unit, PlanChanges.TaskChange::seq)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("区卫健局", 3),
                        org.assertj.core.groups.Tuple.tuple("区总工会", 2));
        assertThat(changes.indicators()).singleElement().satisfies(c -> {
            assertThat(c.code()).isEqualTo("5");
            assertThat(c.kind()).isEqualTo(PlanChanges.Kind.CHANGED);
            assertThat(c.fields()).singleElement().satisfies(f -> {
                assertThat(f.field()).isEqualTo("目标任务");
                assertThat(f.before()).isEqualTo("1400");
                assertThat(f.after()).isEqualTo("1500");
            });
        });

        assertThat(confirm(draftId, true)).isEqualTo(planId);
        PlanBook after = queries.book(COORDINATOR, planId);
        assertThat(after.indicators()).extracting(PlanBook.IndicatorRow::id)
                .containsExactlyElementsOf(before.indicators().stream().map(PlanBook.IndicatorRow::id).toList());
        assertThat(indicator(after, "5").target()).isEqualByComparingTo(new BigDecimal("1500"));
        assertThat(indicator(after, "5").revisions()).isEqualTo(1);
        assertThat(after.tasks()).extracting(PlanBook.TaskRow::id)
                .containsExactlyElementsOf(before.tasks().stream().map(PlanBook.TaskRow::id).toList());
        assertThat(after.tasks()).anyMatch(t -> t.text().startsWith("推进远程医疗和远程教学项目。"));
        assertThat(eventTypes(planId)).contains("PLAN_REIMPORTED");
        String reason = jdbc.sql("""
                select r.reason from plan_target_revision r join plan_indicator i on i.id = r.indicator_id
                where i.plan_id = :plan and i.code = '5'""").param("plan", planId).query(String.class).single();
        assertThat(reason).isEqualTo("按重新导入的文件「seed-v2.txt」更新");
    }

    @Test
    void cancellingAnImportLeavesNothingBehind() {
        long drafts = count("importer_draft");
        long documents = count("importer_source_document");
        long plans = countPlans();
        long draftId = upload(SeedDocuments.xlsx(), "seed.xlsx", uniqueDistrict());

        imports.cancel(COORDINATOR, draftId);

        assertThat(count("importer_draft")).isEqualTo(drafts);
        assertThat(count("importer_source_document")).isEqualTo(documents);
        assertThat(countPlans()).isEqualTo(plans);
    }

    @Test
    void aConfirmedImportCanBeTracedToItsFile() {
        byte[] uploaded = SeedDocuments.docx();
        long planId = confirm(upload(uploaded, "任务书.docx", uniqueDistrict()), false);
        Long documentId = queries.book(COORDINATOR, planId).plan().sourceDocumentId();

        DocumentImports.StoredDocument document = imports.document(COORDINATOR, documentId);

        assertThat(document.fileName()).isEqualTo("任务书.docx");
        assertThat(document.content()).isEqualTo(uploaded);
        assertThat(document.contentType()).startsWith("application/vnd.openxmlformats-officedocument.wordprocessingml");
    }

    @Test
    void thePreviewSettingsDecideProvincesAliasesAndWhichExistingUnitANameMeans() {
        String district = uniqueDistrict();
        long first = confirm(upload(SeedDocuments.text(), "seed.txt", district), false);
        long educationId = queries.book(COORDINATOR, first).units().stream()
                .filter(u -> u.name().equals("区教育局")).findFirst().orElseThrow().id();
        String nextYear = new String(SeedDocuments.text(), StandardCharsets.UTF_8)
                .replace("2021年普陀-万源东西部协作工作任务书", "2022年普陀-万源东西部协作工作任务书")
                .replace("舟普政办〔2021〕71号", "舟普政办〔2022〕12号")
                .replace("六、区教育局", "六、区教育体育局");
        long draftId = upload(nextYear.getBytes(StandardCharsets.UTF_8), "2022.txt", district);
        ImportPreview before = imports.preview(COORDINATOR, draftId);

        imports.adjust(COORDINATOR, draftId, before.version(), new DraftSettings(null, null, district, "浙江省", "贵州省", Map.of(
                "区教育体育局", new DraftSettings.UnitChoice(List.of("区教体局"), educationId),
                "区人力社保局", new DraftSettings.UnitChoice(List.of("区人社局", "区人力资源和社会保障局"), null))));

        assertThat(before.units()).filteredOn(u -> u.name().equals("区教育体育局")).singleElement().satisfies(u -> {
            assertThat(u.existingUnitId()).isNull();
            assertThat(u.similar()).containsExactly("区教育局");
        });
        ImportPreview after = imports.preview(COORDINATOR, draftId);
        assertThat(after.westProvince()).isEqualTo("贵州省");
        assertThat(after.units()).filteredOn(u -> u.name().equals("区教育体育局")).singleElement().satisfies(u -> {
            assertThat(u.existingUnitId()).isEqualTo(educationId);
            assertThat(u.chosen()).isTrue();
            assertThat(u.aliases()).containsExactly("区教体局");
        });
        long second = confirm(draftId, false);

        PlanBook book = queries.book(COORDINATOR, second);
        assertThat(second).isNotEqualTo(first);
        assertThat(book.plan().westProvince()).isEqualTo("贵州省");
        assertThat(book.units()).extracting(PlanBook.UnitRow::name).contains("区教育局").doesNotContain("区教育体育局");
        assertThat(book.units()).filteredOn(u -> u.id() == educationId).singleElement()
                .satisfies(u -> assertThat(u.aliases()).contains("区教育体育局", "区教体局"));
        assertThat(book.units()).filteredOn(u -> u.name().equals("区人力社保局")).singleElement()
                .satisfies(u -> assertThat(u.aliases()).containsExactly("区人社局", "区人力资源和社会保障局"));
    }

    @Test
    void aDraftWithBlockingProblemsCannotBeConfirmedAndWritesNothing() {
        String withoutResponsible = new String(SeedDocuments.text(), StandardCharsets.UTF_8)
                .replace("1.区党政负责同志到受帮扶县（区）调研情况\t次\t1\t区委办 区政府办", "1.区党政负责同志到受帮扶县（区）调研情况\t次\t1\t");
        long draftId = upload(withoutResponsible.getBytes(StandardCharsets.UTF_8), "noresponsible.txt", uniqueDistrict());
        ImportPreview preview = imports.preview(COORDINATOR, draftId);
        long plans = countPlans();
        long units = count("unit");

        assertThat(preview.canConfirm()).isFalse();
        assertThat(preview.problems()).containsExactly(
                "line 167：指标「区党政负责同志到受帮扶县（区）调研情况」没有责任单位",
                "line 168：指标「召开区级高层联席会议情况」没有责任单位");
        assertThatThrownBy(() -> confirm(draftId, false)).isInstanceOf(org.xiezuo.shared.BusinessRuleViolation.class)
                .hasMessageStartingWith("导入前须先解决：line 167");
        assertThat(countPlans()).isEqualTo(plans);
        assertThat(count("unit")).isEqualTo(units);
    }

    static PlanBook.IndicatorRow indicator(PlanBook book, String code) {
        return book.indicators().stream().filter(i -> code.equals(i.code())).findFirst().orElseThrow();
    }

    List<String> eventTypes(long planId) {
        return jdbc.sql("select event_type from audit_event where plan_id = :id order by id").param("id", planId)
                .query(String.class).list();
    }

    long countPlans() {
        return count("plan");
    }

    long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
