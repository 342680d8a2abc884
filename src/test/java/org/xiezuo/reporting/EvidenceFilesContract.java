package org.xiezuo.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.Validation.Finding;
import org.xiezuo.reporting.Validation.LineKind;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Role;

/**
 * Evidence files through the service on the reference task book: stored with metadata and SHA-256 in
 * one transaction, verified on download, shared with a correction, deleted only while editable, scoped
 * like the report, and the missing-evidence warning cleared. Runs on H2 and PostgreSQL.
 */
abstract class EvidenceFilesContract {

    @Autowired org.xiezuo.ledger.Bindings bindings;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired Reporting reporting;
    @Autowired ReportingQueries queries;
    @Autowired EvidenceFiles evidence;
    @Autowired JdbcClient jdbc;

    ScopeFixture district;
    long education;
    long health;
    Actor reporter;
    Actor otherReporter;
    Actor office;
    long june;
    PlanBook.IndicatorRow schools;
    PlanBook.TaskRow task;

    @BeforeEach
    void aPlanWithItsPeriods() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        district = ScopeFixture.importFor(imports, planQueries, "佐证测试区" + tag);
        DepartmentReporting.only(bindings, district.planId()); // department reporting, not ledgers
        education = district.unit("区教育局");
        health = district.unit("区卫健局");
        reporter = Actor.user("jy-" + tag, "教育局填报员", Set.of(Role.REPORTER), Set.of(education), Set.of(district.districtId()));
        otherReporter = Actor.user("wj-" + tag, "卫健局填报员", Set.of(Role.REPORTER), Set.of(health), Set.of(district.districtId()));
        office = Actor.user("xzb-" + tag, "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")),
                Set.of(district.districtId()));
        june = queries.periods(office, district.planId()).get(5).id();
        schools = district.book().indicators().stream().filter(i -> "3".equals(i.code())).findFirst().orElseThrow();
        task = district.taskOf("区教育局", "区卫健局");
    }

    EvidenceFiles.Stored upload(Actor who, LineKind kind, long ref, String name, byte[] content) {
        return evidence.upload(who, june, education, kind, ref, name, content.length, new ByteArrayResource(content));
    }

    long count(String sql, Object id) {
        return jdbc.sql(sql).param("id", id).query(Long.class).single();
    }

    long audited(String type) {
        return jdbc.sql("select count(*) from audit_event where event_type = :t and actor in (:a)").param("t", type)
                .param("a", List.of(reporter.name(), otherReporter.name(), office.name())).query(Long.class).single();
    }

    @Test
    void anUploadOpensTheReportAndStoresBytesAndMetadataTogether() {
        assertThat(queries.sheet(reporter, june, education).report()).isNull();
        byte[] pdf = EvidenceSamples.pdf("June");

        EvidenceFiles.Stored stored = upload(reporter, LineKind.INDICATOR, schools.id(), "../../结对协议\r\n.pdf", pdf);

        ReportingQueries.Sheet sheet = queries.sheet(reporter, june, education);
        assertThat(sheet.report()).isNotNull();
        assertThat(sheet.report().status()).isEqualTo(ReportStatus.DRAFT);
        assertThat(stored.fileName()).isEqualTo("结对协议.pdf");
        assertThat(stored.contentType()).isEqualTo("application/pdf");
        assertThat(stored.sha256()).isEqualTo(EvidenceFiles.sha256(pdf)).hasSize(64);
        String key = jdbc.sql("select storage_key from reporting_evidence where id = :id").param("id", stored.id()).query(String.class)
                .single();
        assertThat(key).matches("[0-9a-f]{32}").doesNotContain("结对");
        assertThat(jdbc.sql("select content from reporting_evidence_content where storage_key = :k").param("k", key)
                .query((rs, n) -> rs.getBytes(1)).single()).isEqualTo(pdf);
        assertThat(sheet.indicators()).filteredOn(e -> e.indicator().id() == schools.id()).singleElement()
                .satisfies(e -> assertThat(e.evidence()).extracting(ReportingQueries.EvidenceRef::fileName).containsExactly("结对协议.pdf"));
        assertThat(audited("EVIDENCE_UPLOADED")).isEqualTo(1);
        assertThat(audited("REPORT_OPENED")).isEqualTo(1);
    }

    @Test
    void aDownloadHandsOutTheVerifiedBytesToWhoeverReadsTheReportAndIsAudited() {
        byte[] png = EvidenceSamples.png();
        EvidenceFiles.Stored stored = upload(reporter, LineKind.TASK, task.id(), "现场照片.png", png);

        EvidenceFiles.Download byOffice = evidence.download(office, stored.id());
        EvidenceFiles.Download byReporter = evidence.download(reporter, stored.id());

        assertThat(byOffice.content()).isEqualTo(png);
        assertThat(byReporter.contentType()).isEqualTo("image/png");
        assertThat(byReporter.fileName()).isEqualTo("现场照片.png");
        assertThat(audited("EVIDENCE_DOWNLOADED")).isEqualTo(2);
    }

    @Test
    void bytesChangedInTheStoreAreNeverHandedOut() {
        EvidenceFiles.Stored stored = upload(reporter, LineKind.INDICATOR, schools.id(), "协议.pdf", EvidenceSamples.pdf());
        jdbc.sql("update reporting_evidence_content set content = :c where storage_key = (select storage_key from reporting_evidence where id = :id)")
                .param("c", EvidenceSamples.pdf("Forged")).param("id", stored.id()).update();

        assertThatThrownBy(() -> evidence.download(reporter, stored.id())).isInstanceOf(BusinessRuleViolation.class)
                .hasMessage("佐证材料「协议.pdf」的校验值与上传时不符，文件可能已损坏或被改动，未下载；请联系管理员");
        assertThat(jdbc.sql("select count(*) from audit_event where event_type = 'EVIDENCE_DOWNLOADED' and outcome = 'FAILURE' "
                + "and object_id = :id").param("id", String.valueOf(stored.id())).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anUploadOnADoneTaskClearsTheMissingEvidenceWarning() {
        List<Finding> before = reporting.saveTaskLine(reporter, june, education, task.id(), 0, TaskProgress.DONE, "已完成结对", null)
                .findings();
        assertThat(before).extracting(Finding::rule).containsExactly(RuleKind.DONE_WITHOUT_EVIDENCE);

        upload(reporter, LineKind.TASK, task.id(), "结对协议.pdf", EvidenceSamples.pdf());

        ReportingQueries.Sheet sheet = queries.sheet(reporter, june, education);
        assertThat(sheet.findings()).isEmpty();
        assertThat(sheet.tasks()).filteredOn(t -> t.task().id() == task.id()).singleElement()
                .satisfies(t -> assertThat(t.findings()).isEmpty());
    }

    @Test
    void whileTheReportIsSubmittedNothingIsUploadedOrDeletedAndADeletionLeavesNoBytes() {
        reporting.saveIndicatorLine(reporter, june, education, schools.id(), 0, "2", null, null);
        EvidenceFiles.Stored kept = upload(reporter, LineKind.INDICATOR, schools.id(), "名单.xlsx", EvidenceSamples.xlsx());
        EvidenceFiles.Stored gone = upload(reporter, LineKind.INDICATOR, schools.id(), "草稿.docx", EvidenceSamples.docx());
        String key = jdbc.sql("select storage_key from reporting_evidence where id = :id").param("id", gone.id()).query(String.class).single();

        EvidenceFiles.Removed removed = evidence.delete(reporter, gone.id());
        assertThat(removed.fileName()).isEqualTo("草稿.docx");
        assertThat(count("select count(*) from reporting_evidence where id = :id", gone.id())).isZero();
        assertThat(count("select count(*) from reporting_evidence_content where storage_key = :id", key)).isZero();
        assertThat(audited("EVIDENCE_DELETED")).isEqualTo(1);

        ReportingQueries.ReportSummary draft = queries.sheet(reporter, june, education).report();
        reporting.submit(reporter, draft.id(), draft.version());
        assertThatThrownBy(() -> upload(reporter, LineKind.INDICATOR, schools.id(), "补充.pdf", EvidenceSamples.pdf()))
                .isInstanceOf(BusinessRuleViolation.class).hasMessage("当前状态不允许此操作：报告为「待审核」，不能修改");
        assertThatThrownBy(() -> evidence.delete(reporter, kept.id())).hasMessage("当前状态不允许此操作：报告为「待审核」，不能修改");
        assertThat(count("select count(*) from reporting_evidence where report_id = :id", draft.id())).isEqualTo(1);
    }

    @Test
    void aCorrectionSharesTheApprovedFilesAndDeletingThereKeepsTheApprovedBytes() {
        reporting.saveIndicatorLine(reporter, june, education, schools.id(), 0, "2", null, null);
        EvidenceFiles.Stored original = upload(reporter, LineKind.INDICATOR, schools.id(), "协议.pdf", EvidenceSamples.pdf());
        ReportingQueries.ReportSummary draft = queries.sheet(reporter, june, education).report();
        reporting.submit(reporter, draft.id(), draft.version());
        reporting.approve(office, draft.id(), queries.sheet(office, june, education).report().version());
        long correction = reporting.correct(reporter, draft.id(), "补充材料");

        long copy = jdbc.sql("select id from reporting_evidence where report_id = :id").param("id", correction).query(Long.class).single();
        assertThatThrownBy(() -> evidence.delete(reporter, original.id()))
                .hasMessage("佐证材料「协议.pdf」属于第1版报告，不能删除；只能删除正在填报的第2版中的材料");
        evidence.delete(reporter, copy);

        assertThat(evidence.download(office, original.id()).content()).isEqualTo(EvidenceSamples.pdf());
        EvidenceFiles.Stored added = evidence.upload(reporter, june, education, LineKind.INDICATOR, schools.id(), "新协议.pdf",
                10, new ByteArrayResource(EvidenceSamples.pdf("v2")));
        assertThat(added.reportId()).isEqualTo(correction);
    }

    @Test
    void anotherUnitsReporterFindsNothingAndChangesNothing() {
        EvidenceFiles.Stored stored = upload(reporter, LineKind.INDICATOR, schools.id(), "协议.pdf", EvidenceSamples.pdf());

        assertThatThrownBy(() -> evidence.download(otherReporter, stored.id())).isInstanceOf(NotFound.class)
                .hasMessage(new NotFound("佐证材料", 999_999L).getMessage().replace("999999", String.valueOf(stored.id())));
        assertThatThrownBy(() -> evidence.delete(otherReporter, stored.id())).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> evidence.upload(otherReporter, june, education, LineKind.INDICATOR, schools.id(), "x.pdf", 100,
                new ByteArrayResource(EvidenceSamples.pdf()))).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> evidence.download(otherReporter, 999_999L)).isInstanceOf(NotFound.class);
        assertThat(count("select count(*) from reporting_evidence where id = :id", stored.id())).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where actor = :a and event_type = 'AUTHZ_DENIED'")
                .param("a", otherReporter.name()).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void T37_aDisguisedFileWritesNothingNotEvenTheReportAndIsAudited() {
        long contents = jdbc.sql("select count(*) from reporting_evidence_content").query(Long.class).single();

        assertThatThrownBy(() -> upload(reporter, LineKind.INDICATOR, schools.id(), "报告.pdf", EvidenceSamples.exe()))
                .isInstanceOf(EvidenceRefused.class).hasMessageContaining("「报告.pdf」的内容不是PDF 文件（实际是可执行程序）");

        assertThat(count("select count(*) from reporting_report where plan_id = :id", district.planId())).isZero();
        assertThat(jdbc.sql("select count(*) from reporting_evidence_content").query(Long.class).single()).isEqualTo(contents);
        assertThat(jdbc.sql("select detail from audit_event where event_type = 'EVIDENCE_REFUSED' and actor = :a")
                .param("a", reporter.name()).query(String.class).single()).contains("3.参与结对的东部学校数").contains("可执行程序");
    }

    @Test
    void aLineOfAnotherUnitOrAPlanThatDoesNotHaveItIsNotFound() {
        PlanBook.TaskRow foreign = district.taskOf("区卫健局", "区教育局");
        assertThatThrownBy(() -> upload(reporter, LineKind.TASK, foreign.id(), "x.pdf", EvidenceSamples.pdf()))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> upload(reporter, LineKind.INDICATOR, 999_999L, "x.pdf", EvidenceSamples.pdf()))
                .isInstanceOf(NotFound.class);
    }
}
