package org.xiezuo.export;

import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.xiezuo.assessment.Assessment;
import org.xiezuo.assessment.Assessor;
import org.xiezuo.assessment.OutstandingReports;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Permission;

/**
 * The exports of a plan as of a date, as the actor may see it: the official indicator table (a unit's
 * reader gets the rows of its scope), one unit's workbook, and the bulletin (the district's office and
 * leaders only: it names every unit). Each export is an audit row.
 */
@Component
public class Exports {

    private final Assessor assessor;
    private final OutstandingReports outstanding;
    private final PlanQueries plans;
    private final ReportingQueries reporting;
    private final AuditTrail audit;

    Exports(Assessor assessor, OutstandingReports outstanding, PlanQueries plans, ReportingQueries reporting, AuditTrail audit) {
        this.assessor = assessor;
        this.outstanding = outstanding;
        this.plans = plans;
        this.reporting = reporting;
        this.audit = audit;
    }

    /** The file names users get: "2021年…指标完成情况表（截至2021年11月30日）.xlsx". */
    public static String tableFileName(Assessment a) {
        return a.plan().title() + "指标完成情况表（截至" + org.xiezuo.assessment.Figures.date(a.asOf()) + "）.xlsx";
    }

    public static String bulletinFileName(Assessment a) {
        return BulletinText.title(a) + "（" + org.xiezuo.assessment.Figures.date(a.asOf()) + "）.docx";
    }

    public static String unitFileName(Assessment a, String unit) {
        return unit + "工作情况（截至" + org.xiezuo.assessment.Figures.date(a.asOf()) + "）.xlsx";
    }

    /** The assessment an export is made from (checks that the actor may read the plan). */
    public Assessment assessment(Actor actor, long planId, @Nullable LocalDate asOf) {
        return assessor.assess(actor, planId, asOf, null);
    }

    public void table(Actor actor, Assessment assessment, OutputStream out) {
        IndicatorTable.write(assessment, out);
        audit.recordAlone(actor, Event.success("EXPORTED_TABLE", "plan", assessment.plan().id(), assessment.plan().id(),
                "指标完成情况表，截至" + assessment.asOf() + "，" + assessment.indicators().size() + "项指标"));
    }

    public void bulletin(Actor actor, Assessment assessment, OutputStream out) {
        BulletinDocument.write(bulletinData(actor, assessment), out);
        audit.recordAlone(actor, Event.success("EXPORTED_BULLETIN", "plan", assessment.plan().id(), assessment.plan().id(),
                "工作进展情况通报，截至" + assessment.asOf()));
    }

    /** Writes the unit's workbook; returns its file name. */
    public String unitWorkbook(Actor actor, Assessment assessment, long unitId, OutputStream out) {
        long planId = assessment.plan().id();
        PlanBook.UnitRow unit = plans.unit(actor, planId, unitId);
        UnitWorkbook.write(assessment, unitTasks(actor, planId, new PlanBook.UnitRef(unit.id(), unit.name()), assessment.asOf(),
                plans.book(actor, planId), true), out);
        audit.recordAlone(actor, Event.success("EXPORTED_UNIT_WORKBOOK", "unit", unitId, planId,
                unit.name() + "工作情况，截至" + assessment.asOf()));
        return unitFileName(assessment, unit.name());
    }

    /** The bulletin's data; only for actors who reach the whole district. */
    public BulletinData bulletinData(Actor actor, Assessment assessment) {
        long planId = assessment.plan().id();
        if (!Access.reachesDistrict(actor, Permission.DISTRICT_EXPORT, assessment.plan().districtId())) {
            throw new AccessDenied("工作进展情况通报涉及全部单位，只能由协作办或领导导出");
        }
        PlanBook book = plans.book(actor, planId);
        List<BulletinData.UnitTasks> tasks = new ArrayList<>();
        for (PlanBook.UnitRow unit : book.units()) {
            BulletinData.UnitTasks own = unitTasks(actor, planId, new PlanBook.UnitRef(unit.id(), unit.name()), assessment.asOf(), book,
                    false);
            if (!own.tasks().isEmpty()) tasks.add(own);
        }
        return new BulletinData(assessment, outstanding.asOf(actor, planId, assessment.asOf()), tasks);
    }

    /** A unit's tasks (those it leads, or also those it shares) with the latest approved update of each. */
    private BulletinData.UnitTasks unitTasks(Actor actor, long planId, PlanBook.UnitRef unit, LocalDate asOf, PlanBook book,
                                             boolean shared) {
        Map<Long, ReportingQueries.TaskStatus> latest = Access.permits(actor, Permission.REPORT_READ)
                ? reporting.latestTaskStatus(planId, unit.id(), asOf) : Map.of();
        List<BulletinData.TaskLine> lines = book.tasksOf(unit.id()).stream()
                .filter(t -> shared || t.lead().id() == unit.id())
                .map(t -> new BulletinData.TaskLine(t, latest.get(t.id()))).toList();
        return new BulletinData.UnitTasks(unit, lines);
    }
}
