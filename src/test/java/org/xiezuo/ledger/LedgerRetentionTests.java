package org.xiezuo.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.sheet.Workbooks;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.support.XiezuoTest;

/**
 * The retention purge: by default nothing is deleted; with a period for a kind, records of that kind
 * that ended (or, without an end, started) before it go, with their persons, audited; other kinds stay.
 */
@XiezuoTest
class LedgerRetentionTests {

    @Autowired DocumentImports documents;
    @Autowired PlanQueries planQueries;
    @Autowired LedgerImports imports;
    @Autowired LedgerRetention configured;
    @Autowired JdbcClient jdbc;
    @Autowired AuditTrail audit;
    @Autowired TransactionTemplate transactions;

    @Test
    void recordsOlderThanTheirKindsRetentionArePurgedAndTheDefaultKeepsEverything() {
        ScopeFixture district = ScopeFixture.importFor(documents, planQueries, "保存期限测试区" + UUID.randomUUID().toString().substring(0, 6));
        Workbooks sheet = Workbooks.sheet("就业人员").headers(EmploymentWorkbook.HEADERS.toArray(String[]::new))
                .row("1", "张三", ChineseIdsForTests.valid(new Random(1), 1), null, "否", "浙江省", "甲", LocalDate.of(2019, 3, 1),
                        LocalDate.of(2019, 12, 31), null, null)
                .row("2", "李四", ChineseIdsForTests.valid(new Random(2), 2), null, "否", "浙江省", "乙", LocalDate.of(2021, 3, 1),
                        null, null, null);
        imports.importFile(Actor.cli("test"), district.planId(), LedgerKind.EMPLOYMENT, sheet.write("retention-" + UUID.randomUUID()),
                "台账.xlsx", ImportMode.STRICT);
        long plan = district.planId();

        assertThat(configured.purge()).isEmpty();
        assertThat(count(plan)).isEqualTo(2);

        Clock clock = Clock.fixed(LocalDate.of(2025, 6, 1).atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant(), ZoneId.of("UTC"));
        LedgerRetention fiveYears = new LedgerRetention(new LedgerSettings(DataSize.ofMegabytes(100), 2_000_000,
                Map.of(LedgerKind.EMPLOYMENT, Period.ofYears(5), LedgerKind.TRAINING, Period.ofYears(1)), 3), jdbc, audit, clock);
        Map<LedgerKind, Integer> deleted = transactions.execute(s -> fiveYears.purge());
        assertThat(deleted.get(LedgerKind.EMPLOYMENT)).isPositive();
        assertThat(count(plan)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from ledger_person where plan_id = :plan").param("plan", plan).query(Long.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where event_type = 'LEDGER_PURGED'").query(Long.class).single())
                .isPositive();
    }

    private long count(long plan) {
        return jdbc.sql("select count(*) from ledger_entry where plan_id = :plan").param("plan", plan).query(Long.class).single();
    }
}
