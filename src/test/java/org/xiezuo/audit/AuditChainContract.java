package org.xiezuo.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * The audit trail is one hash chain: every row names the hash of the row before it, a row changed
 * afterwards is named by the verifier, appends from many threads at once stay one line, and a
 * transaction that rolls back leaves no row. Runs on H2 and PostgreSQL.
 */
abstract class AuditChainContract {

    static final Actor REPORTER = Actor.user("r1", "填报员", Set.of(Role.REPORTER), Set.of(17L, 3L), Set.of(1L));

    @Autowired AuditTrail audit;
    @Autowired AuditIntegrity integrity;
    @Autowired JdbcClient jdbc;
    @Autowired PlatformTransactionManager transactions;

    /** Changes the detail of one row behind the application's back, as the database's owner could. */
    abstract void alterDetail(long id, String detail);

    record Link(long id, String prevHash, String rowHash) {}

    List<Link> chain() {
        return jdbc.sql("select id, prev_hash, row_hash from audit_event order by id")
                .query((rs, n) -> new Link(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    long rows() {
        return jdbc.sql("select count(*) from audit_event").query(Long.class).single();
    }

    long recordInTransaction(Actor actor, String detail) {
        new TransactionTemplate(transactions).executeWithoutResult(
                s -> audit.record(actor, Event.success("TEST_EVENT", "test", 1, null, detail)));
        return jdbc.sql("select max(id) from audit_event").query(Long.class).single();
    }

    @Test
    void everyRowLinksToThePreviousOneAndCarriesTheActorsUnits() {
        long first = recordInTransaction(REPORTER, "第一条");
        recordInTransaction(REPORTER, "第二条");
        audit.recordAlone("someone", new Event("SIGN_IN", "account", "someone", null, "FAILURE", "登录失败"));

        List<Link> chain = chain();
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).prevHash()).as("row %d", chain.get(i).id()).isEqualTo(chain.get(i - 1).rowHash());
        }
        assertThat(chain).extracting(Link::rowHash).doesNotHaveDuplicates().allMatch(h -> h.matches("[0-9a-f]{64}"));
        var row = jdbc.sql("select actor, actor_units, event_type, outcome from audit_event where id = :id")
                .param("id", first).query().singleRow();
        assertThat(row.get("actor")).isEqualTo("r1");
        assertThat(row.get("actor_units")).as("bound units, ascending").isEqualTo("3,17");
        assertThat(jdbc.sql("select actor_units from audit_event order by id desc limit 1").query(String.class).optional())
                .as("recordAlone has no units").isEmpty();
        ChainVerdict verdict = integrity.verify();
        assertThat(verdict.intact()).as(verdict.message()).isTrue();
        assertThat(verdict.rows()).isEqualTo(rows());
        assertThat(verdict.message()).isEqualTo("审计日志完整：共 " + rows() + " 条记录");
    }

    @Test
    void theHeadPointsAtTheLastRow() {
        long last = recordInTransaction(REPORTER, "链头");

        var head = jdbc.sql("select last_event_id, last_hash from audit_chain").query().singleRow();
        assertThat(((Number) head.get("last_event_id")).longValue()).isEqualTo(last);
        assertThat(head.get("last_hash")).isEqualTo(chain().get(chain().size() - 1).rowHash());
    }

    @Test
    void aModifiedRowIsNamedByTheVerifierUntilItIsPutBack() {
        recordInTransaction(REPORTER, "篡改前一");
        long target = recordInTransaction(REPORTER, "原文");
        recordInTransaction(REPORTER, "篡改后一");
        long position = jdbc.sql("select count(*) from audit_event where id <= :id").param("id", target)
                .query(Long.class).single();

        alterDetail(target, "改过的内容");
        try {
            ChainVerdict verdict = integrity.verify();
            assertThat(verdict.intact()).isFalse();
            assertThat(verdict.firstBreak().eventId()).isEqualTo(target);
            assertThat(verdict.firstBreak().position()).isEqualTo(position);
            assertThat(verdict.message()).startsWith("审计日志在第 " + position + " 条记录（id=" + target + "，时间 ")
                    .contains("处被篡改").contains("+08:00");
        } finally {
            alterDetail(target, "原文");
        }
        assertThat(integrity.verify().intact()).isTrue();
    }

    @Test
    void aRolledBackTransactionLeavesNoRowAndTheChainIntact() {
        long before = rows();

        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            audit.record(REPORTER, Event.success("TEST_EVENT", "test", 1, null, "回滚"));
            s.setRollbackOnly();
        });

        assertThat(rows()).isEqualTo(before);
        assertThat(integrity.verify().intact()).isTrue();
    }

    @Test
    void recordRequiresTheCallersTransaction() {
        assertThatThrownBy(() -> audit.record(REPORTER, Event.success("TEST_EVENT", "test", 1, null, "无事务")))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void concurrentAppendsFromSeveralThreadsStayOneLinearChain() throws Exception {
        int threads = 6;
        int each = 15;
        long before = rows();
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        if (i % 2 == 0) {
                            audit.recordAlone("t" + thread, new Event("TEST_EVENT", "test", i, null, "SUCCESS", "并发"));
                        } else {
                            new TransactionTemplate(transactions).executeWithoutResult(s -> {
                                audit.record(REPORTER, Event.success("TEST_EVENT", "test", 1, null, "并发一"));
                                audit.record(REPORTER, Event.success("TEST_EVENT", "test", 2, null, "并发二"));
                            });
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        long written = threads * (each / 2 + 1 + (each / 2) * 2L);
        assertThat(rows()).isEqualTo(before + written);
        List<Link> chain = chain();
        assertThat(chain).extracting(Link::prevHash).as("no two rows follow the same row").doesNotHaveDuplicates();
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).prevHash()).isEqualTo(chain.get(i - 1).rowHash());
        }
        assertThat(integrity.verify().intact()).isTrue();
    }
}
