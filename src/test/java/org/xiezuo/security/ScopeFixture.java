package org.xiezuo.security;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.xiezuo.importer.DocumentImports;
import org.xiezuo.importer.DraftSettings;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Actor;

/**
 * A district with the reference task book imported as a plan, for the access-control tests: the plan,
 * its units by name, and one task and one indicator led by a given unit.
 */
public record ScopeFixture(long planId, long districtId, long documentId, Map<String, Long> units, PlanBook book) {

    static final Actor OPERATOR = Actor.cli("test");

    /** Imports the seed task book as the plan of a district of this name. */
    public static ScopeFixture importFor(DocumentImports imports, PlanQueries queries, String district) {
        long draftId = imports.upload(OPERATOR, "任务书.txt", SeedDocuments.text());
        imports.adjust(OPERATOR, draftId, imports.preview(OPERATOR, draftId).version(),
                new DraftSettings(null, null, district, null, null, Map.of()));
        long planId = imports.confirm(OPERATOR, draftId, imports.preview(OPERATOR, draftId).version(), false).planId();
        PlanBook book = queries.book(OPERATOR, planId);
        Map<String, Long> units = book.units().stream().collect(Collectors.toMap(PlanBook.UnitRow::name, PlanBook.UnitRow::id));
        return new ScopeFixture(planId, book.plan().districtId(), book.plan().sourceDocumentId(), units, book);
    }

    public long unit(String name) {
        Long id = units.get(name);
        if (id == null) throw new IllegalArgumentException("no unit " + name + " in " + units.keySet());
        return id;
    }

    public Set<Long> unitIds(String... names) {
        return java.util.Arrays.stream(names).map(this::unit).collect(Collectors.toSet());
    }

    /** A task of this unit that the other unit does not share. */
    public PlanBook.TaskRow taskOf(String unitName, String notShared) {
        long id = unit(unitName);
        long other = unit(notShared);
        return book.tasks().stream()
                .filter(t -> t.units().stream().anyMatch(u -> u.id() == id) && t.units().stream().noneMatch(u -> u.id() == other))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no task of " + unitName + " without " + notShared));
    }

    /** An indicator of this unit that the other unit does not share. */
    public PlanBook.IndicatorRow indicatorOf(String unitName, String notShared) {
        long id = unit(unitName);
        long other = unit(notShared);
        return book.indicators().stream()
                .filter(i -> i.units().stream().anyMatch(u -> u.id() == id) && i.units().stream().noneMatch(u -> u.id() == other))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no indicator of " + unitName + " without " + notShared));
    }
}
