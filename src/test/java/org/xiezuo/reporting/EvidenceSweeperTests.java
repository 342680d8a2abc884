package org.xiezuo.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.Bindings;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.Validation.LineKind;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * The evidence sweeper on the database store (the default): content rows without an evidence row are
 * listed and, when asked, removed with an audit row; a reference without content and content that changed
 * are reported and never removed; nobody signed in on the web may run it.
 */
@XiezuoTest
class EvidenceSweeperTests {

    @Autowired Bindings bindings;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired ReportingQueries queries;
    @Autowired EvidenceFiles evidence;
    @Autowired EvidenceSweeper sweeper;
    @Autowired JdbcClient jdbc;

    @Test
    void theDatabaseStoreIsReconciledBothWaysAndOnlyUnreferencedContentIsRemoved() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        ScopeFixture district = ScopeFixture.importFor(imports, planQueries, "核对测试区" + tag);
        DepartmentReporting.only(bindings, district.planId());
        long education = district.unit("区教育局");
        Actor reporter = Actor.user("jy-" + tag, "教育局填报员", Set.of(Role.REPORTER), Set.of(education), Set.of(district.districtId()));
        long june = queries.periods(Actor.system(), district.planId()).get(5).id();
        PlanBook.IndicatorRow schools = district.book().indicators().stream().filter(i -> "3".equals(i.code())).findFirst().orElseThrow();
        long[] ids = new long[3];
        for (int i = 0; i < 3; i++) {
            byte[] pdf = EvidenceSamples.pdf("sweep " + i + " " + tag);
            ids[i] = evidence.upload(reporter, june, education, LineKind.INDICATOR, schools.id(), "材料" + i + ".pdf", pdf.length,
                    new ByteArrayResource(pdf)).id();
        }
        Actor operator = Actor.cli("sweep-" + tag);
        EvidenceSweeper.Report clean = sweeper.check(operator);
        assertThat(clean.consistent()).isTrue();
        assertThat(clean.store()).isEqualTo("database");
        assertThat(clean.verified()).isEqualTo(clean.references()).isGreaterThanOrEqualTo(3);

        String orphan = EvidenceStore.randomKey();
        jdbc.sql("insert into reporting_evidence_content (storage_key, content) values (:k, :c)").param("k", orphan)
                .param("c", EvidenceSamples.png()).update();
        String changed = key(ids[0]);
        String lost = key(ids[1]);
        jdbc.sql("update reporting_evidence_content set content = :c where storage_key = :k").param("k", changed)
                .param("c", EvidenceSamples.pdf("forged")).update();
        jdbc.sql("delete from reporting_evidence_content where storage_key = :k").param("k", lost).update();

        EvidenceSweeper.Report broken = sweeper.check(operator);
        assertThat(broken.consistent()).isFalse();
        assertThat(broken.missing()).extracting(EvidenceSweeper.Missing::storageKey).containsExactly(lost);
        assertThat(broken.mismatched()).extracting(EvidenceSweeper.Mismatch::storageKey).containsExactly(changed);
        assertThat(broken.unreferenced()).extracting(EvidenceSweeper.Unreferenced::name).contains(orphan);
        assertThat(count("select count(*) from audit_event where event_type = 'EVIDENCE_SWEPT'")).as("a check writes nothing").isZero();

        EvidenceSweeper.Report swept = sweeper.sweep(operator, Duration.ofDays(1));
        assertThat(swept.unreferenced()).filteredOn(EvidenceSweeper.Unreferenced::removed)
                .extracting(EvidenceSweeper.Unreferenced::name).contains(orphan);
        assertThat(count("select count(*) from reporting_evidence_content where storage_key = '" + orphan + "'")).isZero();
        assertThat(count("select count(*) from reporting_evidence_content where storage_key = '" + changed + "'"))
                .as("a referenced entry stays, changed or not").isOne();
        assertThat(count("select count(*) from reporting_evidence_content where storage_key = '" + key(ids[2]) + "'")).isOne();
        assertThat(jdbc.sql("select detail from audit_event where event_type = 'EVIDENCE_SWEPT' and actor = :a")
                .param("a", operator.name()).query(String.class).single()).contains(orphan);

        assertThatThrownBy(() -> sweeper.check(reporter)).isInstanceOf(AccessDenied.class);
        Actor office = Actor.user("xzb-" + tag, "协作办", Set.of(Role.COORDINATOR), Set.of(), Set.of());
        assertThatThrownBy(() -> sweeper.sweep(office, Duration.ZERO)).isInstanceOf(AccessDenied.class);
    }

    private String key(long evidenceId) {
        return jdbc.sql("select storage_key from reporting_evidence where id = :id").param("id", evidenceId).query(String.class).single();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
