package org.xiezuo.importer;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.xiezuo.plan.OfficialTableLayout;
import org.xiezuo.plan.PlanChanges;

/**
 * The preview of an import: the parsed plan exactly as it will be saved, the units with their
 * aliases and the existing units they match, every warning next to its source, what still blocks
 * saving, and — for a document already imported — the changes an update would make.
 */
public record ImportPreview(long draftId, int version, DraftStatus status, String fileName, long fileSize,
                            String createdBy, Instant createdAt, ParsedTaskBook book, @Nullable String title,
                            @Nullable Integer year, @Nullable String district, @Nullable String eastProvince,
                            @Nullable String westProvince, boolean districtExists, List<UnitPreview> units,
                            List<UnitOption> districtUnits, List<String> problems, @Nullable ExistingPlan existing,
                            @Nullable PlanChanges changes, @Nullable Long planId,
                            List<OfficialTableLayout.Line<ParsedTaskBook.Indicator>> table) {

    /** A unit of the document and what it will be saved as. */
    public record UnitPreview(String name, List<String> aliases, boolean fromSection, String location,
                              @Nullable Long existingUnitId, @Nullable String existingUnitName, boolean chosen,
                              List<String> similar, int tasks, int indicators) {
        public UnitPreview {
            aliases = List.copyOf(aliases);
            similar = List.copyOf(similar);
        }

        public String matchLabel() {
            if (existingUnitId == null) return "新建单位";
            return chosen ? "对应已有单位「" + existingUnitName + "」" : "匹配已有单位「" + existingUnitName + "」";
        }
    }

    public record UnitOption(long id, String name) {}

    public record ExistingPlan(long id, String title, @Nullable String documentNumber) {}

    /** Warnings found at a row or line, including those about one of its columns. */
    public List<ParsedTaskBook.Warning> warningsAt(String location) {
        return book.warnings().stream()
                .filter(w -> w.location().equals(location) || w.location().startsWith(location + ","))
                .toList();
    }

    /** Warnings about any line a task was read from (a fragment joined from the next page, say). */
    public List<ParsedTaskBook.Warning> warningsOf(ParsedTaskBook.Task task) {
        return book.warnings().stream()
                .filter(w -> task.locations().stream().anyMatch(l -> w.location().equals(l) || w.location().startsWith(l + ",")))
                .toList();
    }

    public List<ParsedTaskBook.Task> tasksLedBy(String unit) {
        return book.tasks().stream().filter(t -> !t.units().isEmpty() && t.units().get(0).equals(unit)).toList();
    }

    public boolean canConfirm() {
        return status == DraftStatus.PENDING && problems.isEmpty();
    }

    public long assessedCount() {
        return book.indicators().stream().filter(ParsedTaskBook.Indicator::assessed).count();
    }
}
