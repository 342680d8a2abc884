package org.xiezuo.export;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.Bindings;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.ledger.ImportMode;
import org.xiezuo.ledger.LedgerImports;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.LedgerSamples;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.ReportStatus;
import org.xiezuo.reporting.Reporting;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * The known data set of the export tests: the seed imported for a new district, indicator 3 (schools,
 * target 4) reported by the education office — 5 by the end of June, over 100 % — indicator 4 (hospitals,
 * target 3) 1 by the end of October, and an employment ledger of about 300 persons behind indicators 5–10.
 */
record ExportFixture(ScopeFixture district, Actor office, PlanBook.IndicatorRow schools, PlanBook.IndicatorRow hospitals) {

    static final LocalDate NOV30 = LocalDate.of(2021, 11, 30);

    static ExportFixture create(DocumentImports documents, PlanQueries planQueries, Bindings bindings, Reporting reporting,
                                ReportingQueries queries, LedgerImports ledgers) {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        ScopeFixture district = ScopeFixture.importFor(documents, planQueries, "导出测试区" + tag);
        long planId = district.planId();
        DepartmentReporting.of(bindings, district.book(), "3", "4");
        Actor office = Actor.user("xzb-" + tag, "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")),
                Set.of(district.districtId()));
        PlanBook.IndicatorRow schools = indicator(district, "3");
        PlanBook.IndicatorRow hospitals = indicator(district, "4");
        List<ReportingQueries.PeriodRow> periods = queries.periods(office, planId);
        approve(reporting, queries, office, periods.get(5).id(), district.unit("区教育局"), schools, "5");
        approve(reporting, queries, office, periods.get(9).id(), district.unit("区卫健局"), hospitals, "1");
        LedgerSamples.Employment book = LedgerSamples.employment(7L, 300, "export-employment-" + tag);
        Path file = book.file();
        ledgers.importFile(office, planId, LedgerKind.EMPLOYMENT, file, "就业人员.xlsx", ImportMode.STRICT);
        return new ExportFixture(district, office, schools, hospitals);
    }

    static PlanBook.IndicatorRow indicator(ScopeFixture district, String code) {
        return district.book().indicators().stream().filter(i -> code.equals(i.code())).findFirst().orElseThrow();
    }

    private static void approve(Reporting reporting, ReportingQueries queries, Actor office, long period, long unit,
                                PlanBook.IndicatorRow indicator, String value) {
        Actor reporter = Actor.user("tb-" + unit + "-" + UUID.randomUUID().toString().substring(0, 4), "填报员", Set.of(Role.REPORTER),
                Set.of(unit), office.districtIds());
        Reporting.LineSaved saved = reporting.saveIndicatorLine(reporter, period, unit, indicator.id(), 0, value, null, "导出测试");
        ReportingQueries.ReportSummary report = queries.sheet(office, period, unit).report();
        reporting.submit(reporter, saved.reportId(), report.version());
        report = queries.sheet(office, period, unit).report();
        reporting.approve(office, report.id(), report.version());
        if (queries.sheet(office, period, unit).report().status() != ReportStatus.APPROVED) throw new IllegalStateException("not approved");
    }

    long planId() { return district.planId(); }
}
