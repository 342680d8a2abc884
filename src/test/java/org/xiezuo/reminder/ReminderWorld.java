package org.xiezuo.reminder;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanHeader;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.plan.Planning;
import org.xiezuo.reporting.Reporting;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.MutableClock;

/**
 * A 2025 plan imported on 10 March 2025 (so January and February are back-filling periods), with accounts:
 * a reporter and a unit head of 区教育局, a reporter of 区卫健局, a reporter of 区发改局, and the district's
 * coordinator (bound to no unit, so reaching every district). The March deadline is 5 April.
 */
record ReminderWorld(ScopeFixture district, long planId, ReportingQueries.PeriodRow february, ReportingQueries.PeriodRow march,
                     long education, long health, long development, Actor eduReporter, Actor eduHead, Actor healthReporter,
                     Actor devReporter, Actor coordinator) {

    static final String SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyz";

    static ReminderWorld create(MutableClock clock, DocumentImports imports, PlanQueries planQueries, Planning planning,
                                ReportingQueries queries, AccountAdministration accounts, org.xiezuo.ledger.Bindings bindings) {
        clock.setTo(OffsetDateTime.parse("2025-03-10T09:00:00+08:00").toInstant());
        String tag = UUID.randomUUID().toString().substring(0, 6);
        ScopeFixture district = ScopeFixture.importFor(imports, planQueries, "催报测试区" + tag);
        DepartmentReporting.only(bindings, district.planId());
        Actor operator = Actor.cli("test");
        PlanBook.Header h = planQueries.book(operator, district.planId()).plan();
        planning.reviseHeader(operator, h.id(), h.version(), new PlanHeader(h.programmeCode(), h.title(), h.noticeTitle(), 2025,
                h.eastRegion(), h.westRegion(), h.eastProvince(), h.westProvince(), h.documentNumber(), h.issuer(), h.issuedOn(),
                LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)));
        List<ReportingQueries.PeriodRow> periods = queries.periods(operator, district.planId());
        long education = district.unit("区教育局");
        long health = district.unit("区卫健局");
        long development = district.unit("区发改局");
        long d = district.districtId();
        Actor eduReporter = account(accounts, "edu-r-" + tag, Role.REPORTER, education, d, "edu-r-" + tag + "@test.local");
        Actor eduHead = account(accounts, "edu-h-" + tag, Role.UNIT_HEAD, education, d, null);
        Actor healthReporter = account(accounts, "hea-r-" + tag, Role.REPORTER, health, d, null);
        Actor devReporter = account(accounts, "dev-r-" + tag, Role.REPORTER, development, d, null);
        accounts.create(Actor.cliAdministrator("test"), new AccountAdministration.NewAccount("xzb-" + tag, "协作办" + tag,
                Set.of(Role.COORDINATOR), Set.of(), null, null, null));
        Actor coordinator = Actor.user("xzb-" + tag, "协作办" + tag, Set.of(Role.COORDINATOR), Set.of(), Set.of());
        return new ReminderWorld(district, district.planId(), periods.get(1), periods.get(2), education, health, development,
                eduReporter, eduHead, healthReporter, devReporter, coordinator);
    }

    private static Actor account(AccountAdministration accounts, String username, Role role, long unit, long district,
                                 String email) {
        accounts.create(Actor.cliAdministrator("test"), new AccountAdministration.NewAccount(username, username, Set.of(role),
                Set.of(unit), null, email, null));
        return Actor.user(username, username, Set.of(role), Set.of(unit), Set.of(district));
    }

    /** Saves the unit's first indicator in the period (a draft) and returns the report. */
    ReportingQueries.ReportSummary draft(Reporting reporting, ReportingQueries queries, long periodId, long unit, Actor reporter) {
        ReportingQueries.IndicatorEntry entry = queries.sheet(coordinator, periodId, unit).indicators().get(0);
        reporting.saveIndicatorLine(reporter, periodId, unit, entry.indicator().id(), entry.lineVersion(), "1", null, "测试");
        return queries.sheet(coordinator, periodId, unit).report();
    }

    /** A draft, submitted. */
    ReportingQueries.ReportSummary submitted(Reporting reporting, ReportingQueries queries, long periodId, long unit, Actor reporter) {
        ReportingQueries.ReportSummary draft = draft(reporting, queries, periodId, unit, reporter);
        reporting.submit(reporter, draft.id(), draft.version());
        return queries.sheet(coordinator, periodId, unit).report();
    }
}
