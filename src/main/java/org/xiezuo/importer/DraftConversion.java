package org.xiezuo.importer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.xiezuo.plan.Assessment;
import org.xiezuo.plan.IndicatorDraft;
import org.xiezuo.plan.PlanDefinition;
import org.xiezuo.plan.PlanDefinition.IndicatorDefinition;
import org.xiezuo.plan.PlanDefinition.TaskDefinition;
import org.xiezuo.plan.PlanHeader;
import org.xiezuo.plan.StockRule;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.unit.UnitNames;
import org.xiezuo.unit.UnitSpec;

/** Turns a parsed task book plus the user's preview settings into what the plan module takes. */
final class DraftConversion {

    private final ParsedTaskBook book;
    private final DraftSettings settings;

    DraftConversion(ParsedTaskBook book, DraftSettings settings) {
        this.book = book;
        this.settings = settings;
    }

    /** The district that issues the plan: the issuer without its office suffix (舟山市普陀区). */
    @Nullable String districtName() {
        if (settings.district() != null && !settings.district().isBlank()) return settings.district().strip();
        String issuer = book.plan().issuer();
        if (issuer != null) {
            String name = issuer.replaceAll("(人民政府办公室|人民政府办公厅|人民政府|领导小组办公室|领导小组|委员会办公室|委员会|办公室)$", "");
            if (!name.isBlank()) return name;
        }
        return book.plan().eastRegion();
    }

    @Nullable String eastProvince() {
        return settings.eastProvince() != null && !settings.eastProvince().isBlank() ? settings.eastProvince().strip()
                : book.plan().eastProvince();
    }

    @Nullable String westProvince() {
        return settings.westProvince() != null && !settings.westProvince().isBlank() ? settings.westProvince().strip()
                : book.plan().westProvince();
    }

    @Nullable String title() {
        return settings.title() != null && !settings.title().isBlank() ? settings.title().strip() : book.plan().title();
    }

    @Nullable Integer year() {
        if (settings.year() != null) return settings.year();
        if (book.plan().year() != null) return book.plan().year();
        return book.plan().issuedOn() == null ? null : book.plan().issuedOn().getYear();
    }

    /** The aliases of a unit: what the document used plus what the user typed in the preview. */
    List<String> aliasesOf(ParsedTaskBook.Unit unit) {
        DraftSettings.UnitChoice choice = settings.units().get(unit.name());
        Set<String> aliases = new LinkedHashSet<>(choice == null ? unit.aliases() : choice.aliases());
        aliases.remove(unit.name());
        return List.copyOf(aliases);
    }

    @Nullable Long existingUnitOf(ParsedTaskBook.Unit unit) {
        DraftSettings.UnitChoice choice = settings.units().get(unit.name());
        return choice == null ? null : choice.existingUnitId();
    }

    List<UnitSpec> unitSpecs() {
        return book.units().stream().map(u -> new UnitSpec(u.name(), aliasesOf(u), existingUnitOf(u))).toList();
    }

    /** What must be settled before the plan can be saved; each item says what and where. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (title() == null) problems.add("缺少任务书标题，请在上方填写");
        if (year() == null) problems.add("缺少年度，请在上方填写");
        if (districtName() == null) problems.add("缺少发文地区（如“舟山市普陀区”），请在上方填写");
        for (ParsedTaskBook.Task task : book.tasks()) {
            if (task.units().isEmpty()) problems.add(task.location() + "：任务没有责任单位");
        }
        for (ParsedTaskBook.Indicator indicator : book.indicators()) {
            if (indicator.responsible().isEmpty()) {
                problems.add(indicator.location() + "：指标「" + indicator.name() + "」没有责任单位");
            }
        }
        return problems;
    }

    PlanHeader header() {
        Integer year = year();
        String title = title();
        if (year == null || title == null) {
            throw new BusinessRuleViolation("import.header.incomplete", "任务书标题或年度缺失，请在预览中补充后再确认");
        }
        ParsedTaskBook.Header h = book.plan();
        return new PlanHeader(h.programme(), title, h.noticeTitle(), year, h.eastRegion(), h.westRegion(), eastProvince(),
                westProvince(), h.docNumber(), h.issuer(), h.issuedOn(), PlanHeader.defaultStart(year),
                PlanHeader.defaultEnd(year));
    }

    /** The plan definition, with every unit name the document uses mapped to its id. */
    PlanDefinition definition(Map<String, Long> unitIds) {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new BusinessRuleViolation("import.problems", "导入前须先解决：" + String.join("；", problems));
        }
        List<TaskDefinition> tasks = book.tasks().stream()
                .map(t -> new TaskDefinition(ids(t.units(), unitIds), t.seq(), t.text(), t.location()))
                .toList();
        List<IndicatorDefinition> indicators = book.indicators().stream()
                .map(i -> new IndicatorDefinition(new IndicatorDraft(i.code(), i.category(), i.name(), i.measureUnit(),
                        i.target(), i.targetText(), assessment(i),
                        i.includesStock() ? StockRule.INCLUDES_STOCK : StockRule.INCREMENT_ONLY, null,
                        ids(i.responsible(), unitIds)), i.parentIndex(), i.location()))
                .toList();
        return new PlanDefinition(header(), tasks, indicators);
    }

    static Assessment assessment(ParsedTaskBook.Indicator indicator) {
        if (indicator.statisticsOnly()) return Assessment.STATISTICS_ONLY;
        return indicator.target() != null ? Assessment.ASSESSED : Assessment.NO_TARGET;
    }

    private static List<Long> ids(List<String> names, Map<String, Long> unitIds) {
        List<Long> ids = new ArrayList<>();
        for (String name : names) {
            Long id = unitIds.get(UnitNames.normalise(name));
            if (id == null) throw new IllegalStateException("unit not resolved: " + name);
            if (!ids.contains(id)) ids.add(id);
        }
        return ids;
    }
}
