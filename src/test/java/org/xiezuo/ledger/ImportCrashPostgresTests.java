package org.xiezuo.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.sheet.Workbooks;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.support.PostgresTest;

/**
 * T62 on real PostgreSQL: the import's database session is terminated ({@code pg_terminate_backend})
 * while it copies rows into the ledger; afterwards no row of it exists, its job reads "导入中断，请重新导入", and the
 * same file imports at once (no stale lock). The killed-process variant is in LedgerCommandsTests.
 */
@PostgresTest
class ImportCrashPostgresTests {

    @Autowired DocumentImports documents;
    @Autowired PlanQueries planQueries;
    @Autowired LedgerImports imports;
    @Autowired ImportJobs jobs;
    @Autowired JdbcClient jdbc;

    @Test
    void T62_aTerminatedBackendLeavesNothingAndTheSameFileImportsAgain() throws Exception {
        ScopeFixture district = ScopeFixture.importFor(documents, planQueries, "中断测试区" + UUID.randomUUID().toString().substring(0, 6));
        long planId = district.planId();
        int rows = 30_000;
        Path file = Workbooks.streaming("t62-" + UUID.randomUUID(), EmploymentWorkbook.HEADERS, rows,
                i -> new Object[] {String.valueOf(i + 1), "张三", ChineseIdsForTests.valid(new Random(i), i), null, "否", "浙江省",
                        "甲公司", LocalDate.of(2021, 3, 1), null, "区人力社保局", null});
        Actor office = Actor.cli("test");
        CompletableFuture<ImportOutcome> running = CompletableFuture.supplyAsync(() ->
                imports.importFile(office, planId, LedgerKind.EMPLOYMENT, file, "台账.xlsx", ImportMode.STRICT));

        Integer pid = null;
        Instant until = Instant.now().plus(Duration.ofSeconds(90));
        while (pid == null && Instant.now().isBefore(until) && !running.isDone()) {
            List<Integer> found = jdbc.sql("""
                    select pid from pg_stat_activity
                    where datname = current_database() and pid <> pg_backend_pid()
                      and state in ('active', 'idle in transaction') and query like 'copy ledger_%'""")
                    .query(Integer.class).list();
            if (!found.isEmpty()) pid = found.get(0);
            else Thread.sleep(50);
        }
        assertThat(pid).as("the import's session was seen copying rows into the ledger").isNotNull();
        jdbc.sql("select pg_terminate_backend(:pid)").param("pid", pid).query(Boolean.class).single();

        try {
            running.get(60, TimeUnit.SECONDS);
            throw new AssertionError("the import survived the termination of its session");
        } catch (ExecutionException expected) {
            // the import failed with its connection
        }
        for (String table : List.of("ledger_entry", "ledger_person", "ledger_batch")) {
            assertThat(jdbc.sql("select count(*) from " + table + " where plan_id = :plan").param("plan", planId)
                    .query(Long.class).single()).as(table).isZero();
        }
        assertThat(jobs.recent(planId, 1)).singleElement().satisfies(job -> {
            assertThat(job.status()).isEqualTo(ImportJobs.Status.FAILED);
            assertThat(job.result()).isEqualTo(ImportJobs.INTERRUPTED);
        });

        ImportOutcome retry = imports.importFile(office, planId, LedgerKind.EMPLOYMENT, file, "台账.xlsx", ImportMode.STRICT);
        assertThat(retry.accepted() + retry.duplicates()).isEqualTo(rows);
    }
}
