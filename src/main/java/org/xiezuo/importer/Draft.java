package org.xiezuo.importer;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.xiezuo.shared.BusinessRuleViolation;

/** A parsed document waiting for the user's confirmation. The parsed task book is stored as JSON. */
class Draft {

    private @Id @Nullable Long id;
    private @Version int version;
    private DraftStatus status;
    private final long sourceDocumentId;
    private @Nullable String districtName;
    private final String parsed;
    private @Nullable String settings;
    private @Nullable Long existingPlanId;
    private @Nullable Long planId;
    private final Instant createdAt;
    private final String createdBy;

    @PersistenceCreator
    Draft(@Nullable Long id, int version, DraftStatus status, long sourceDocumentId, @Nullable String districtName,
          String parsed, @Nullable String settings, @Nullable Long existingPlanId, @Nullable Long planId, Instant createdAt,
          String createdBy) {
        this.id = id;
        this.version = version;
        this.status = status;
        this.sourceDocumentId = sourceDocumentId;
        this.districtName = districtName;
        this.parsed = parsed;
        this.settings = settings;
        this.existingPlanId = existingPlanId;
        this.planId = planId;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    static Draft of(long sourceDocumentId, String parsedJson, Instant now, String createdBy) {
        return new Draft(null, 0, DraftStatus.PENDING, sourceDocumentId, null, parsedJson, null, null, null, now, createdBy);
    }

    void adjust(String settingsJson) {
        requirePending();
        settings = settingsJson;
    }

    void confirm(long plan) {
        requirePending();
        status = DraftStatus.CONFIRMED;
        planId = plan;
    }

    void cancel() {
        requirePending();
        status = DraftStatus.CANCELLED;
    }

    private void requirePending() {
        if (status != DraftStatus.PENDING) {
            throw new BusinessRuleViolation("import.draft.closed", "该导入已" + status.label() + "，不能再修改");
        }
    }

    Long id() {
        if (id == null) throw new IllegalStateException("draft not saved");
        return id;
    }

    int version() { return version; }

    DraftStatus status() { return status; }

    long sourceDocumentId() { return sourceDocumentId; }

    String parsed() { return parsed; }

    @Nullable String settings() { return settings; }

    @Nullable Long planId() { return planId; }

    Instant createdAt() { return createdAt; }

    String createdBy() { return createdBy; }
}
