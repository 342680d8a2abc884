package org.xiezuo.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Role;
import org.xiezuo.support.PostgresTest;

/**
 * SECURITY.md T65 on real PostgreSQL: the coordinator approves while the reporter withdraws the same
 * submission, both released at once by a barrier, a hundred times. Each time exactly one succeeds and
 * the other is refused by the state (409), never both, never a half state; the audit trail tells the
 * same story as the final states.
 */
@PostgresTest
class ApprovalRacePostgresTests {

    static final int ROUNDS = 100;

    @Autowired org.xiezuo.ledger.Bindings bindings;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired Reporting reporting;
    @Autowired ReportingQueries queries;
    @Autowired JdbcClient jdbc;

    @Test
    void T65_approveAndWithdrawRaceAndExactlyOneWinsEveryTime() throws Exception {
        ScopeFixture district = ScopeFixture.importFor(imports, planQueries, "竞争测试区");
        DepartmentReporting.only(bindings, district.planId()); // department reporting, not ledgers
        long unit = district.unit("区教育局");
        Actor reporter = Actor.user("race-jy", "教育局填报员", Set.of(Role.REPORTER), Set.of(unit), Set.of(district.districtId()));
        Actor office = Actor.user("race-xzb", "协作办", Set.of(Role.COORDINATOR), district.unitIds("区发改局"),
                Set.of(district.districtId()));
        long period = queries.periods(office, district.planId()).get(5).id();
        ReportingQueries.IndicatorEntry entry = queries.sheet(office, period, unit).indicators().get(0);
        reporting.saveIndicatorLine(reporter, period, unit, entry.indicator().id(), 0, "1", null, "测试");

        int approvals = 0;
        int withdrawals = 0;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                ReportingQueries.ReportSummary report = queries.sheet(office, period, unit).report();
                if (report.status() == ReportStatus.APPROVED) {
                    reporting.correct(reporter, report.id(), "第" + round + "轮");
                    report = queries.sheet(office, period, unit).report();
                }
                reporting.submit(reporter, report.id(), report.version());
                ReportingQueries.ReportSummary submitted = queries.sheet(office, period, unit).report();
                CyclicBarrier barrier = new CyclicBarrier(2);
                Future<Boolean> approve = pool.submit(() -> attempt(barrier, () -> reporting.approve(office, submitted.id(), submitted.version())));
                Future<Boolean> withdraw = pool.submit(() -> attempt(barrier, () -> reporting.withdraw(reporter, submitted.id(), submitted.version())));
                boolean approved = approve.get(30, TimeUnit.SECONDS);
                boolean withdrawn = withdraw.get(30, TimeUnit.SECONDS);

                assertThat(approved ^ withdrawn).as("round " + round + ": exactly one wins").isTrue();
                ReportStatus status = queries.sheet(office, period, unit).report().status();
                assertThat(status).isEqualTo(approved ? ReportStatus.APPROVED : ReportStatus.DRAFT);
                if (approved) approvals++;
                else withdrawals++;
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(approvals + withdrawals).isEqualTo(ROUNDS);
        long planId = district.planId();
        assertThat(count("REPORT_APPROVED", planId)).isEqualTo(approvals);
        assertThat(count("REPORT_WITHDRAWN", planId)).isEqualTo(withdrawals);
        assertThat(count("REPORT_SUBMITTED", planId)).isEqualTo(ROUNDS);
        List<ReportingQueries.ReportSummary> revisions = queries.sheet(office, period, unit).revisions();
        assertThat(revisions.stream().filter(r -> r.status() == ReportStatus.APPROVED).count()).isEqualTo(approvals);
    }

    private long count(String type, long planId) {
        return jdbc.sql("select count(*) from audit_event where event_type = :t and plan_id = :p").param("t", type)
                .param("p", planId).query(Long.class).single();
    }

    /** Waits for the other thread, then acts; true when the action went through, false when the state refused it. */
    private static boolean attempt(CyclicBarrier barrier, Runnable action) throws Exception {
        barrier.await(10, TimeUnit.SECONDS);
        try {
            action.run();
            return true;
        } catch (BusinessRuleViolation refused) {
            List<String> expected = new ArrayList<>(List.of("当前状态不允许此操作", "该记录已被他人修改"));
            assertThat(expected).anyMatch(refused.getMessage()::startsWith);
            return false;
        }
    }
}
