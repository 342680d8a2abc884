package org.xiezuo.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanHeader;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.plan.Planning;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Role;
import org.xiezuo.support.MutableClock;
import org.xiezuo.support.XiezuoTest;

/**
 * The report states as a whole (SECURITY.md T20, T21) and the period boundaries in China time (T73),
 * through the services on H2.
 */
@XiezuoTest
@Import(MutableClock.Configuration.class)
class ReportStateTests {

    @Autowired org.xiezuo.ledger.Bindings bindings;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired Planning planning;
    @Autowired Reporting reporting;
    @Autowired ReportingQueries queries;
    @Autowired JdbcClient jdbc;
    @Autowired MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    record World(ScopeFixture district, Actor office, Map<Long, Actor> reporters, long june) {
        Actor reporterOf(long unit) { return reporters.get(unit); }
    }

    World world() {
        ScopeFixture district = ScopeFixture.importFor(imports, planQueries, "状态测试区" + UUID.randomUUID().toString().substring(0, 6));
        DepartmentReporting.only(bindings, district.planId()); // department reporting, not ledgers
        Actor office = Actor.user("xzb-" + district.planId(), "协作办", Set.of(Role.COORDINATOR), district.unitIds("区发改局"),
                Set.of(district.districtId()));
        Map<Long, Actor> reporters = district.book().units().stream().collect(Collectors.toMap(PlanBook.UnitRow::id,
                u -> Actor.user("tb-" + u.id(), u.name() + "填报员", Set.of(Role.REPORTER), Set.of(u.id()), Set.of(district.districtId()))));
        long june = queries.periods(office, district.planId()).get(5).id();
        return new World(district, office, reporters, june);
    }

    /** Saves the unit's first indicator (a small value that raises no finding) and returns its report. */
    ReportingQueries.ReportSummary draft(World w, long unit) {
        ReportingQueries.IndicatorEntry entry = queries.sheet(w.office(), w.june(), unit).indicators().get(0);
        reporting.saveIndicatorLine(w.reporterOf(unit), w.june(), unit, entry.indicator().id(), entry.lineVersion(), "1", null, "测试");
        return sheet(w, unit).report();
    }

    ReportingQueries.Sheet sheet(World w, long unit) {
        return queries.sheet(w.office(), w.june(), unit);
    }

    @Test
    void T20_actionsTheStateDoesNotAllowAnswerTheStateMessageAndChangeNothing() {
        World w = world();
        long unit = w.district().unit("区教育局");
        Actor reporter = w.reporterOf(unit);
        ReportingQueries.ReportSummary draft = draft(w, unit);

        // in DRAFT: approve, return (and confirm, which does not exist yet) are refused
        assertThatThrownBy(() -> reporting.approve(w.office(), draft.id(), draft.version()))
                .isInstanceOf(ReportStatus.IllegalTransition.class).hasMessageStartingWith("当前状态不允许此操作");
        assertThatThrownBy(() -> reporting.returnReport(w.office(), draft.id(), draft.version(), "原因"))
                .isInstanceOf(ReportStatus.IllegalTransition.class).hasMessageStartingWith("当前状态不允许此操作");
        assertThat(sheet(w, unit).report().status()).isEqualTo(ReportStatus.DRAFT);
        assertThat(sheet(w, unit).report().version()).isEqualTo(draft.version());

        reporting.submit(reporter, draft.id(), draft.version());
        reporting.approve(w.office(), draft.id(), sheet(w, unit).report().version());
        ReportingQueries.ReportSummary approved = sheet(w, unit).report();
        ReportingQueries.IndicatorEntry line = sheet(w, unit).indicators().get(0);

        // APPROVED: the reporter can neither edit nor resubmit, and nobody can approve or return again
        assertThatThrownBy(() -> reporting.saveIndicatorLine(reporter, w.june(), unit, line.indicator().id(), line.lineVersion(),
                "2", null, null)).isInstanceOf(BusinessRuleViolation.class).hasMessageStartingWith("当前状态不允许此操作");
        assertThatThrownBy(() -> reporting.submit(reporter, approved.id(), approved.version()))
                .hasMessageStartingWith("当前状态不允许此操作");
        assertThatThrownBy(() -> reporting.approve(w.office(), approved.id(), approved.version()))
                .hasMessageStartingWith("当前状态不允许此操作");
        assertThatThrownBy(() -> reporting.returnReport(w.office(), approved.id(), approved.version(), "原因"))
                .hasMessageStartingWith("当前状态不允许此操作");
        assertThatThrownBy(() -> reporting.withdraw(reporter, approved.id(), approved.version()))
                .hasMessageStartingWith("当前状态不允许此操作");
        ReportingQueries.Sheet after = sheet(w, unit);
        assertThat(after.report().status()).isEqualTo(ReportStatus.APPROVED);
        assertThat(after.report().version()).isEqualTo(approved.version());
        assertThat(after.indicators().get(0).value()).isEqualByComparingTo("1");
        // the table of transitions itself: every state × action
        for (ReportStatus from : ReportStatus.values()) {
            for (ReportAction action : ReportAction.values()) {
                boolean allowed = from.allows(action);
                if (allowed) {
                    assertThat(from.after(action)).isNotNull();
                } else {
                    assertThatThrownBy(() -> from.after(action)).hasMessage("当前状态不允许此操作：报告为「" + from.label() + "」，不能"
                            + action.label());
                }
            }
        }
    }

    @Test
    void T21_afterEachStepTheStateAndEditabilityOfEveryUnitsReportAreAsExpected() {
        World w = world();
        List<Long> units = w.district().book().units().stream().map(PlanBook.UnitRow::id)
                .filter(u -> !queries.sheet(w.office(), w.june(), u).indicators().isEmpty()).limit(4).toList();
        assertThat(units).hasSize(4);
        long one = units.get(0);
        units.forEach(u -> draft(w, u));
        Function<Long, String> state = u -> {
            ReportingQueries.Sheet s = queries.sheet(w.reporterOf(u), w.june(), u);
            return s.report().status() + "/r" + s.report().revision() + (s.editable() ? "/editable" : "/locked");
        };
        Map<Long, String> expected = new java.util.HashMap<>();
        units.forEach(u -> expected.put(u, "DRAFT/r1/editable"));
        assertThat(units.stream().collect(Collectors.toMap(u -> u, state))).isEqualTo(expected);

        long id = sheet(w, one).report().id();
        reporting.submit(w.reporterOf(one), id, sheet(w, one).report().version());
        expected.put(one, "SUBMITTED/r1/locked");
        assertThat(units.stream().collect(Collectors.toMap(u -> u, state))).isEqualTo(expected);

        reporting.returnReport(w.office(), id, sheet(w, one).report().version(), "数据需核实");
        expected.put(one, "RETURNED/r1/editable");
        assertThat(units.stream().collect(Collectors.toMap(u -> u, state))).isEqualTo(expected);

        reporting.submit(w.reporterOf(one), id, sheet(w, one).report().version());
        expected.put(one, "SUBMITTED/r1/locked");
        assertThat(units.stream().collect(Collectors.toMap(u -> u, state))).isEqualTo(expected);

        reporting.approve(w.office(), id, sheet(w, one).report().version());
        expected.put(one, "APPROVED/r1/locked");
        assertThat(units.stream().collect(Collectors.toMap(u -> u, state))).isEqualTo(expected);

        reporting.correct(w.reporterOf(one), id, "更正");
        expected.put(one, "DRAFT/r2/editable");
        assertThat(units.stream().collect(Collectors.toMap(u -> u, state))).isEqualTo(expected);
        // the overview agrees, cell by cell
        ReportingQueries.Overview overview = queries.overview(w.office(), w.district().planId());
        for (long u : units) {
            ReportingQueries.ReportSummary cell = overview.cell(w.june(), u);
            assertThat(cell.status() + "/r" + cell.revision()).isEqualTo(expected.get(u).replaceAll("/(editable|locked)$", ""));
        }
        // the approved revision still counts while the correction is a draft
        assertThat(sheet(w, one).counting().revision()).isEqualTo(1);
    }

    @Test
    void T73_aReportAtOneSecondBeforeMidnightCountsInJuneAndDeadlinesFollowChinaTime() {
        clock.setTo(OffsetDateTime.parse("2025-01-10T09:00:00+08:00").toInstant());
        World w = world();
        PlanBook.Header h = planQueries.book(w.office(), w.district().planId()).plan();
        planning.reviseHeader(w.office(), h.id(), h.version(), new PlanHeader(h.programmeCode(), h.title(), h.noticeTitle(), 2025,
                h.eastRegion(), h.westRegion(), h.eastProvince(), h.westProvince(), h.documentNumber(), h.issuer(), h.issuedOn(),
                LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)));
        List<ReportingQueries.PeriodRow> periods = queries.periods(w.office(), w.district().planId());
        assertThat(periods.get(0).label()).isEqualTo("2025年1月");
        assertThat(periods).noneMatch(ReportingQueries.PeriodRow::backfill);

        clock.setTo(OffsetDateTime.parse("2025-06-30T23:59:59+08:00").toInstant());
        ReportingQueries.PeriodRow current = queries.currentPeriod(w.office(), w.district().planId()).orElseThrow();
        assertThat(current.label()).as("15:59:59 UTC is still June 30 in China").isEqualTo("2025年6月");
        long unit = w.district().unit("区教育局");
        ReportingQueries.IndicatorEntry entry = queries.sheet(w.office(), current.id(), unit).indicators().get(0);
        reporting.saveIndicatorLine(w.reporterOf(unit), current.id(), unit, entry.indicator().id(), 0, "1", null, "测试");
        ReportingQueries.ReportSummary report = queries.sheet(w.office(), current.id(), unit).report();
        reporting.submit(w.reporterOf(unit), report.id(), report.version());

        ReportingQueries.ReportSummary submitted = queries.sheet(w.office(), current.id(), unit).report();
        assertThat(submitted.periodLabel()).isEqualTo("2025年6月");
        assertThat(submitted.submittedAt()).isBetween(Instant.parse("2025-06-30T15:59:59Z"), Instant.parse("2025-06-30T16:00:00Z"));
        OffsetDateTime audited = jdbc.sql("select occurred_at from audit_event where event_type = 'REPORT_SUBMITTED' and object_id = :id")
                .param("id", String.valueOf(report.id())).query(OffsetDateTime.class).single();
        assertThat(audited.atZoneSameInstant(AuditTrail.ZONE).toOffsetDateTime().toString()).startsWith("2025-06-30T23:59:59")
                .endsWith("+08:00");

        // the June deadline is the end of 5 July, China time: still on time at 23:59:59, overdue at 00:00 —
        // that is 16:00 UTC, hours before UTC midnight
        ReportingQueries.PeriodRow juneRow = current;
        assertThat(juneRow.deadline()).isEqualTo(LocalDate.of(2025, 7, 5));
        clock.setTo(OffsetDateTime.parse("2025-07-05T23:59:59+08:00").toInstant());
        assertThat(period(w, juneRow.id()).overdue()).isFalse();
        clock.setTo(OffsetDateTime.parse("2025-07-06T00:00:00+08:00").toInstant());
        assertThat(period(w, juneRow.id()).overdue()).isTrue();
        clock.setTo(Instant.parse("2025-07-05T20:00:00Z"));
        assertThat(period(w, juneRow.id()).overdue()).as("before UTC midnight, after China midnight").isTrue();
        clock.setTo(OffsetDateTime.parse("2025-07-01T00:00:01+08:00").toInstant());
        assertThat(queries.currentPeriod(w.office(), w.district().planId()).orElseThrow().label()).isEqualTo("2025年7月");
    }

    private ReportingQueries.PeriodRow period(World w, long id) {
        return queries.periods(w.office(), w.district().planId()).stream().filter(p -> p.id() == id).findFirst().orElseThrow();
    }
}
