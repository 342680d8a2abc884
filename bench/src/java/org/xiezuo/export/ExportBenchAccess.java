package org.xiezuo.export;

import java.time.LocalDate;

import org.springframework.context.ApplicationContext;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.Bindings;
import org.xiezuo.ledger.LedgerImports;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.Reporting;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.shared.Actor;

/**
 * The benchmark's way to the export tests' known data set ({@code ExportFixture}, package-private):
 * the seed plan of a new district with two approved figures and a 300-person employment ledger.
 * Compiled only by bench/ledger-export.sh, never part of the application or its tests.
 */
public final class ExportBenchAccess {

    /** The date the export tests assess the seed plan at. */
    public static final LocalDate AS_OF = ExportFixture.NOV30;

    /** The seed plan and the district office's coordinator. */
    public record Seed(long planId, Actor office) {}

    private ExportBenchAccess() {}

    public static Seed seed(ApplicationContext app) {
        ExportFixture fixture = ExportFixture.create(app.getBean(DocumentImports.class), app.getBean(PlanQueries.class),
                app.getBean(Bindings.class), app.getBean(Reporting.class), app.getBean(ReportingQueries.class),
                app.getBean(LedgerImports.class));
        return new Seed(fixture.district().planId(), fixture.office());
    }
}
