package org.xiezuo.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.notification.Deliveries;
import org.xiezuo.notification.Inbox;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.plan.Planning;
import org.xiezuo.reporting.Reporting;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.shared.Actor;
import org.xiezuo.support.MutableClock;

/**
 * The reminder schedule with a clock the test moves (issue 8): reminders 3 and 1 days before the
 * deadline to units whose report is missing or a draft, overdue marks only after the deadline day has
 * ended in China time, returned reports chased after 3 days, never twice for one reason, and never for
 * back-filling periods. Runs on H2 and PostgreSQL.
 */
abstract class ReminderContract {

    @Autowired MutableClock clock;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired Planning planning;
    @Autowired Reporting reporting;
    @Autowired ReportingQueries queries;
    @Autowired AccountAdministration accounts;
    @Autowired org.xiezuo.ledger.Bindings bindings;
    @Autowired Reminders reminders;
    @Autowired ReminderJob job;
    @Autowired OverdueReports overdue;
    @Autowired Inbox inbox;
    @Autowired JdbcClient jdbc;
    @Autowired ApplicationContext context;
    @Autowired OverdueEvents events;

    ReminderWorld w;

    /** Collects the {@link ReportOverdue} events. */
    static class OverdueEvents {
        final List<ReportOverdue> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        @EventListener
        void on(ReportOverdue event) {
            seen.add(event);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Listening {
        @Bean
        OverdueEvents overdueEvents() {
            return new OverdueEvents();
        }
    }

    @BeforeEach
    void world() {
        w = ReminderWorld.create(clock, imports, planQueries, planning, queries, accounts, bindings);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    void at(String chinaTime) {
        clock.setTo(OffsetDateTime.parse(chinaTime).toInstant());
    }

    /** A run, then the dispatcher, as the two jobs would do it. */
    void run() {
        reminders.run("test");
        Deliveries.deliverNow(context);
    }

    List<String> reasons(String kind) {
        return jdbc.sql("select reason from reminder_log where plan_id = :plan and kind = :kind order by reason")
                .param("plan", w.planId()).param("kind", kind).query(String.class).list();
    }

    List<String> titles(Actor actor) {
        return inbox.list(actor, false, 0, 100).items().stream().map(Inbox.Item::title).toList();
    }

    long outboxRows() {
        return jdbc.sql("select count(*) from notification_outbox where plan_id = :plan").param("plan", w.planId())
                .query(Long.class).single();
    }

    String before(long periodId, long unit, int days) {
        return "reminder:period:" + periodId + ":unit:" + unit + ":D-" + days;
    }

    @Test
    void unitsWithAMissingOrDraftReportAreRemindedThreeAndOneDayBeforeTheDeadlineAndNeverTwice() {
        at("2025-03-31T10:00:00+08:00");
        w.draft(reporting, queries, w.march().id(), w.health(), w.healthReporter());
        w.submitted(reporting, queries, w.march().id(), w.development(), w.devReporter());

        at("2025-04-01T09:00:00+08:00"); // D-4
        run();
        assertThat(reasons("BEFORE")).isEmpty();

        at("2025-04-02T09:00:00+08:00"); // D-3
        run();
        assertThat(reasons("BEFORE")).contains(before(w.march().id(), w.education(), 3), before(w.march().id(), w.health(), 3))
                .doesNotContain(before(w.march().id(), w.development(), 3))
                .allMatch(r -> r.startsWith("reminder:period:" + w.march().id() + ":"));
        assertThat(titles(w.eduReporter())).containsExactly("催报提醒：2025年3月进度报告将于2025年4月5日截止");
        assertThat(titles(w.eduHead())).containsExactly("催报提醒：2025年3月进度报告将于2025年4月5日截止");
        assertThat(inbox.list(w.healthReporter(), false, 0, 10).items().get(0).body()).contains("已保存草稿但尚未提交", "还有3天");
        assertThat(titles(w.devReporter())).as("submitted: not reminded").isEmpty();
        assertThat(titles(w.coordinator())).as("coordinators are not reminded before the deadline").isEmpty();
        long rows = outboxRows();
        int reminded = reasons("BEFORE").size();

        run(); // the same day again: nothing new
        at("2025-04-03T09:00:00+08:00"); // D-2: nothing due
        run();
        assertThat(reasons("BEFORE")).hasSize(reminded);
        assertThat(outboxRows()).isEqualTo(rows);
        assertThat(titles(w.eduReporter())).hasSize(1);

        at("2025-04-04T09:00:00+08:00"); // D-1
        run();
        run();
        assertThat(reasons("BEFORE")).contains(before(w.march().id(), w.education(), 1)).hasSize(reminded * 2);
        assertThat(titles(w.eduReporter())).hasSize(2);
        assertThat(inbox.list(w.eduReporter(), false, 0, 10).items().get(0).body()).contains("还有1天", "尚未填报");

        at("2025-04-05T23:59:59+08:00"); // the deadline day itself: no new reminder, nothing overdue yet
        run();
        assertThat(reasons("BEFORE")).hasSize(reminded * 2);
        assertThat(reasons("OVERDUE")).isEmpty();
        assertThat(overdue.ofPlan(w.planId(), false)).isEmpty();
    }

    @Test
    void aMissedDayCatchesUpWithTheNearestReminderOnly() {
        at("2025-04-04T09:00:00+08:00"); // the job did not run on D-3
        run();
        assertThat(reasons("BEFORE")).contains(before(w.march().id(), w.education(), 1))
                .doesNotContain(before(w.march().id(), w.education(), 3));
    }

    @Test
    void missingReportsAreMarkedOverdueOnlyOnceTheDeadlineDayHasEndedInChinaTime() {
        at("2025-04-01T10:00:00+08:00");
        w.draft(reporting, queries, w.march().id(), w.health(), w.healthReporter());
        w.submitted(reporting, queries, w.march().id(), w.development(), w.devReporter());
        events.seen.clear();

        clock.setTo(Instant.parse("2025-04-05T15:59:59Z")); // 23:59:59 in China
        run();
        assertThat(overdue.ofPlan(w.planId(), false)).isEmpty();

        clock.setTo(Instant.parse("2025-04-05T16:00:00Z")); // midnight in China, hours before UTC midnight
        run();
        List<OverdueReports.Overdue> marks = overdue.ofPlan(w.planId(), false);
        assertThat(marks).extracting(OverdueReports.Overdue::periodId).containsOnly(w.march().id());
        assertThat(marks).extracting(OverdueReports.Overdue::unitId).contains(w.education(), w.health())
                .doesNotContain(w.development());
        assertThat(marks).allSatisfy(m -> assertThat(m.resolvedAt()).isNull());
        assertThat(events.seen).filteredOn(e -> e.planId() == w.planId()).hasSize(marks.size())
                .allMatch(e -> e.periodId() == w.march().id() && e.deadline().toString().equals("2025-04-05"));
        assertThat(titles(w.eduReporter())).contains("逾期未报：2025年3月进度报告");
        assertThat(titles(w.healthReporter())).contains("逾期未报：2025年3月进度报告");
        assertThat(titles(w.devReporter())).isEmpty();
        List<Inbox.Item> office = inbox.list(w.coordinator(), false, 0, 100).items().stream()
                .filter(i -> w.planId() == (i.planId() == null ? -1 : i.planId())).toList();
        assertThat(office).as("one list for the coordinators, not one message per unit").hasSize(1);
        assertThat(office.get(0).title()).isEqualTo("逾期未报：2025年3月有" + marks.size() + "个单位未按期提交");
        assertThat(office.get(0).body()).contains("区教育局", "区卫健局").doesNotContain("区发改局");
        assertThat(jdbc.sql("select count(*) from audit_event where event_type = 'REPORTS_OVERDUE_MARKED' and plan_id = :plan")
                .param("plan", w.planId()).query(Long.class).single()).isEqualTo(1);

        long rows = outboxRows();
        clock.setTo(Instant.parse("2025-04-06T01:00:00Z"));
        run();
        assertThat(overdue.ofPlan(w.planId(), false)).hasSize(marks.size());
        assertThat(outboxRows()).as("no second message for the same overdue report").isEqualTo(rows);

        // a late submission resolves the mark; the mark stays as history
        ReportingQueries.ReportSummary draft = queries.sheet(w.coordinator(), w.march().id(), w.health()).report();
        reporting.submit(w.healthReporter(), draft.id(), draft.version());
        run();
        assertThat(overdue.ofPlan(w.planId(), true)).extracting(OverdueReports.Overdue::unitId).doesNotContain(w.health())
                .contains(w.education());
        assertThat(overdue.ofPlan(w.planId(), false)).filteredOn(m -> m.unitId() == w.health())
                .singleElement().satisfies(m -> assertThat(m.resolvedAt()).isNotNull());
    }

    @Test
    void aReturnedReportIsChasedThreeDaysAfterItWasReturnedOncePerReturn() {
        at("2025-04-01T10:00:00+08:00");
        ReportingQueries.ReportSummary submitted = w.submitted(reporting, queries, w.march().id(), w.education(), w.eduReporter());
        at("2025-04-02T10:00:00+08:00");
        reporting.returnReport(w.eduHead(), submitted.id(), submitted.version(), "数值有误，请核实");

        at("2025-04-05T09:59:00+08:00");
        run();
        assertThat(reasons("RETURNED")).isEmpty();

        at("2025-04-05T10:00:00+08:00");
        run();
        run();
        assertThat(reasons("RETURNED")).hasSize(1).first().asString().startsWith("chase:report:" + submitted.id() + ":returned:");
        List<Inbox.Item> chase = inbox.list(w.eduReporter(), false, 0, 20).items().stream()
                .filter(i -> i.title().startsWith("退回未重报")).toList();
        assertThat(chase).hasSize(1);
        assertThat(chase.get(0).body()).contains("数值有误，请核实", "已3天未重新提交");
        assertThat(chase.get(0).link()).isEqualTo("/reports/" + submitted.id());
        assertThat(overdue.ofPlan(w.planId(), false)).as("returned is not missing").noneMatch(m -> m.unitId() == w.education());

        // resubmitted and returned again: a new return, chased again after three days
        ReportingQueries.ReportSummary returned = queries.sheet(w.coordinator(), w.march().id(), w.education()).report();
        reporting.submit(w.eduReporter(), returned.id(), returned.version());
        at("2025-04-06T10:00:00+08:00");
        reporting.returnReport(w.eduHead(), returned.id(), queries.sheet(w.coordinator(), w.march().id(), w.education()).report()
                .version(), "附件缺失");
        at("2025-04-08T10:00:00+08:00");
        run();
        assertThat(reasons("RETURNED")).hasSize(1);
        at("2025-04-09T10:00:01+08:00");
        run();
        assertThat(reasons("RETURNED")).hasSize(2);
    }

    @Test
    void backFillingPeriodsAreNeverChased() {
        // February ended before the plan was imported (10 March): a back-filling period
        assertThat(w.february().backfill()).isTrue();
        at("2025-03-11T10:00:00+08:00");
        ReportingQueries.ReportSummary february = w.submitted(reporting, queries, w.february().id(), w.education(), w.eduReporter());
        reporting.returnReport(w.eduHead(), february.id(), february.version(), "请补充");

        List<String> times = new ArrayList<>(List.of("2025-03-20T10:00:00+08:00", "2025-04-02T09:00:00+08:00",
                "2025-04-20T09:00:00+08:00"));
        for (String time : times) {
            at(time);
            run();
        }
        List<Long> chasedPeriods = jdbc.sql("select distinct period_id from reminder_log where plan_id = :plan")
                .param("plan", w.planId()).query(Long.class).list();
        List<Long> backfill = queries.periods(w.coordinator(), w.planId()).stream().filter(ReportingQueries.PeriodRow::backfill)
                .map(ReportingQueries.PeriodRow::id).toList();
        assertThat(backfill).hasSize(2);
        assertThat(chasedPeriods).as("reminders, overdue notices and chases").doesNotContainAnyElementsOf(backfill)
                .contains(w.march().id());
        assertThat(overdue.ofPlan(w.planId(), false)).extracting(OverdueReports.Overdue::periodId)
                .doesNotContainAnyElementsOf(backfill);
        assertThat(titles(w.eduReporter())).noneMatch(t -> t.contains("2025年1月") || t.contains("2025年2月"));
    }

    @Test
    void theScheduledRunHoldsItsLockAndRecordsWhoRanIt() {
        at("2025-04-02T09:00:00+08:00");
        job.runOnSchedule();
        assertThat(jdbc.sql("select locked_by from shedlock where name = 'reminder.run'").query(String.class).single()).isNotBlank();
        assertThat(jdbc.sql("select count(*) from reminder_run where finished_at is not null").query(Long.class).single())
                .isPositive();
        assertThat(reasons("BEFORE")).contains(before(w.march().id(), w.education(), 3));
    }
}
