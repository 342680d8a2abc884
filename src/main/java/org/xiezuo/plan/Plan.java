package org.xiezuo.plan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.unit.District;

/** The task book of one district for one year, as issued in a notice. Tasks and indicators refer to it. */
public class Plan {

    private @Id @Nullable Long id;
    private @Version int version;
    private final AggregateReference<District, Long> district;
    private String programmeCode;
    private String title;
    private @Nullable String noticeTitle;
    private int planYear;
    private @Nullable String eastRegion;
    private @Nullable String westRegion;
    private @Nullable String eastProvince;
    private @Nullable String westProvince;
    private @Nullable String documentNumber;
    private @Nullable String issuer;
    private @Nullable LocalDate issuedOn;
    private LocalDate assessmentStart;
    private LocalDate assessmentEnd;
    private PlanStatus status;
    private final boolean demo;
    private @Nullable Long sourceDocumentId;
    private final Instant createdAt;
    private final String createdBy;

    @PersistenceCreator
    Plan(@Nullable Long id, int version, AggregateReference<District, Long> district, String programmeCode, String title,
         @Nullable String noticeTitle, int planYear, @Nullable String eastRegion, @Nullable String westRegion,
         @Nullable String eastProvince, @Nullable String westProvince, @Nullable String documentNumber,
         @Nullable String issuer, @Nullable LocalDate issuedOn, LocalDate assessmentStart, LocalDate assessmentEnd,
         PlanStatus status, boolean demo, @Nullable Long sourceDocumentId, Instant createdAt, String createdBy) {
        this.id = id;
        this.version = version;
        this.district = district;
        this.programmeCode = programmeCode;
        this.title = title;
        this.noticeTitle = noticeTitle;
        this.planYear = planYear;
        this.eastRegion = eastRegion;
        this.westRegion = westRegion;
        this.eastProvince = eastProvince;
        this.westProvince = westProvince;
        this.documentNumber = documentNumber;
        this.issuer = issuer;
        this.issuedOn = issuedOn;
        this.assessmentStart = assessmentStart;
        this.assessmentEnd = assessmentEnd;
        this.status = status;
        this.demo = demo;
        this.sourceDocumentId = sourceDocumentId;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    static Plan issue(long districtId, String programmeCode, PlanHeader header, boolean demo,
                      @Nullable Long sourceDocumentId, Instant now, String createdBy) {
        return new Plan(null, 0, AggregateReference.to(districtId), programmeCode, header.title(), header.noticeTitle(),
                header.year(), header.eastRegion(), header.westRegion(), header.eastProvince(), header.westProvince(),
                header.documentNumber(), header.issuer(), header.issuedOn(), header.assessmentStart(),
                header.assessmentEnd(), PlanStatus.ACTIVE, demo, sourceDocumentId, now, createdBy);
    }

    /** One changed header field, for the history. */
    public record FieldChange(String field, @Nullable String before, @Nullable String after) {}

    /** Applies a new header and returns what changed. */
    List<FieldChange> revise(String newProgrammeCode, String programmeName, String oldProgrammeName, PlanHeader h) {
        requireEditable();
        List<FieldChange> changes = new ArrayList<>();
        if (!programmeCode.equals(newProgrammeCode)) changes.add(new FieldChange("类别", oldProgrammeName, programmeName));
        compare(changes, "标题", title, h.title());
        compare(changes, "通知标题", noticeTitle, h.noticeTitle());
        compare(changes, "年度", String.valueOf(planYear), String.valueOf(h.year()));
        compare(changes, "东部地区", eastRegion, h.eastRegion());
        compare(changes, "西部地区", westRegion, h.westRegion());
        compare(changes, "东部省份", eastProvince, h.eastProvince());
        compare(changes, "西部省份", westProvince, h.westProvince());
        compare(changes, "文号", documentNumber, h.documentNumber());
        compare(changes, "发文机关", issuer, h.issuer());
        compare(changes, "成文日期", text(issuedOn), text(h.issuedOn()));
        compare(changes, "考核开始日期", text(assessmentStart), text(h.assessmentStart()));
        compare(changes, "考核结束日期", text(assessmentEnd), text(h.assessmentEnd()));
        programmeCode = newProgrammeCode;
        title = h.title();
        noticeTitle = h.noticeTitle();
        planYear = h.year();
        eastRegion = h.eastRegion();
        westRegion = h.westRegion();
        eastProvince = h.eastProvince();
        westProvince = h.westProvince();
        documentNumber = h.documentNumber();
        issuer = h.issuer();
        issuedOn = h.issuedOn();
        assessmentStart = h.assessmentStart();
        assessmentEnd = h.assessmentEnd();
        return changes;
    }

    private static void compare(List<FieldChange> changes, String field, @Nullable String before, @Nullable String after) {
        if (!Objects.equals(before, after)) changes.add(new FieldChange(field, before, after));
    }

    private static @Nullable String text(@Nullable LocalDate date) {
        return date == null ? null : date.toString();
    }

    void archive() {
        if (status != PlanStatus.ACTIVE) throw new BusinessRuleViolation("plan.archive.state", "只有执行中的任务书可以归档");
        status = PlanStatus.ARCHIVED;
    }

    void reactivate() {
        if (status != PlanStatus.ARCHIVED) throw new BusinessRuleViolation("plan.reactivate.state", "只有已归档的任务书可以恢复");
        status = PlanStatus.ACTIVE;
    }

    void requireEditable() {
        if (!status.isEditable()) {
            throw new BusinessRuleViolation("plan.archived", "任务书已归档，不能修改；如需修改请先恢复为执行中");
        }
    }

    void sourceDocument(long documentId) { this.sourceDocumentId = documentId; }

    public Long id() {
        if (id == null) throw new IllegalStateException("plan not saved");
        return id;
    }

    public int version() { return version; }

    public long districtId() { return district.getId(); }

    public String programmeCode() { return programmeCode; }

    public String title() { return title; }

    public @Nullable String noticeTitle() { return noticeTitle; }

    public int year() { return planYear; }

    public @Nullable String eastRegion() { return eastRegion; }

    public @Nullable String westRegion() { return westRegion; }

    public @Nullable String eastProvince() { return eastProvince; }

    public @Nullable String westProvince() { return westProvince; }

    public @Nullable String documentNumber() { return documentNumber; }

    public @Nullable String issuer() { return issuer; }

    public @Nullable LocalDate issuedOn() { return issuedOn; }

    public LocalDate assessmentStart() { return assessmentStart; }

    public LocalDate assessmentEnd() { return assessmentEnd; }

    public PlanStatus status() { return status; }

    public boolean demo() { return demo; }

    public @Nullable Long sourceDocumentId() { return sourceDocumentId; }

    public Instant createdAt() { return createdAt; }

    public String createdBy() { return createdBy; }
}
