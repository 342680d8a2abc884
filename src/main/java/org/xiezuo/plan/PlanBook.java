package org.xiezuo.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Everything the plan page shows, read in a handful of queries: the header, the units involved with
 * their counts, the tasks and the indicators with unit names.
 */
public record PlanBook(Header plan, List<UnitRow> units, List<TaskRow> tasks, List<IndicatorRow> indicators) {

    public PlanBook {
        units = List.copyOf(units);
        tasks = List.copyOf(tasks);
        indicators = List.copyOf(indicators);
    }

    public record Header(long id, int version, long districtId, String district, String programmeCode, String programme,
                         String title, @Nullable String noticeTitle, int year, @Nullable String eastRegion,
                         @Nullable String westRegion, @Nullable String eastProvince, @Nullable String westProvince,
                         @Nullable String documentNumber, @Nullable String issuer, @Nullable LocalDate issuedOn,
                         LocalDate assessmentStart, LocalDate assessmentEnd, PlanStatus status, boolean demo,
                         @Nullable Long sourceDocumentId, Instant createdAt, String createdBy) {}

    public record UnitRef(long id, String name) {}

    /** A unit named by the plan, with how many tasks and indicators it leads and shares. */
    public record UnitRow(long id, String name, List<String> aliases, int leadTasks, int sharedTasks, int leadIndicators,
                          int sharedIndicators) {
        public UnitRow {
            aliases = List.copyOf(aliases);
        }
    }

    public record TaskRow(long id, int version, int position, int seq, String text, @Nullable LocalDate deadline,
                          List<UnitRef> units, @Nullable String sourceLocation) {
        public TaskRow {
            units = List.copyOf(units);
        }

        public UnitRef lead() { return units.get(0); }

        public boolean involves(long unitId) { return units.stream().anyMatch(u -> u.id() == unitId); }
    }

    public record IndicatorRow(long id, int version, int position, @Nullable String code, String category, String name,
                               @Nullable String measureUnit, @Nullable BigDecimal target, String targetText,
                               Assessment assessment, StockRule stockRule, @Nullable Long parentId,
                               @Nullable String parentName, List<UnitRef> units, int revisions,
                               @Nullable String sourceLocation) {
        public IndicatorRow {
            units = List.copyOf(units);
        }

        public String targetLabel() { return assessment.describe(target, targetText); }

        IndicatorRow withParentName(@Nullable String name) {
            return new IndicatorRow(id, version, position, code, category, this.name, measureUnit, target, targetText,
                    assessment, stockRule, parentId, name, units, revisions, sourceLocation);
        }

        public @Nullable UnitRef lead() { return units.isEmpty() ? null : units.get(0); }

        public boolean leadBy(long unitId) { return !units.isEmpty() && units.get(0).id() == unitId; }

        public boolean sharedBy(long unitId) { return units.stream().skip(1).anyMatch(u -> u.id() == unitId); }
    }

    /** Only the work of these units: their tasks, the indicators they share, the units themselves. */
    PlanBook restrictedTo(java.util.Set<Long> unitIds) {
        List<TaskRow> ownTasks = tasks.stream().filter(t -> t.units().stream().anyMatch(u -> unitIds.contains(u.id()))).toList();
        List<IndicatorRow> ownIndicators = indicators.stream()
                .filter(i -> i.units().stream().anyMatch(u -> unitIds.contains(u.id()))).toList();
        List<UnitRow> ownUnits = units.stream().filter(u -> unitIds.contains(u.id())).toList();
        return new PlanBook(plan, ownUnits, ownTasks, ownIndicators);
    }

    public int assessedCount() {
        return (int) indicators.stream().filter(i -> i.assessment().isAssessed()).count();
    }

    public List<TaskRow> tasksOf(long unitId) {
        return tasks.stream().filter(t -> t.involves(unitId)).toList();
    }

    public List<IndicatorRow> indicatorsLedBy(long unitId) {
        return indicators.stream().filter(i -> i.leadBy(unitId)).toList();
    }

    public List<IndicatorRow> indicatorsSharedBy(long unitId) {
        return indicators.stream().filter(i -> i.sharedBy(unitId)).toList();
    }
}
