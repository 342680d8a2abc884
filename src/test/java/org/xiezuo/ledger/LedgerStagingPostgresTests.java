package org.xiezuo.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.sheet.Workbooks;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.PostgresTest;

/**
 * The COPY path of the import on PostgreSQL ({@link CopyLedgerWriter}): texts with the characters the COPY
 * text format escapes (backslash, line breaks) and the ones it does not (quotes, CJK, a trailing X) arrive
 * exactly as written, and more rows than one chunk holds are all written, each once.
 */
@PostgresTest
class LedgerStagingPostgresTests {

    @Autowired DocumentImports documents;
    @Autowired PlanQueries planQueries;
    @Autowired LedgerImports imports;
    @Autowired JdbcClient jdbc;

    @Test
    void textsThatCopyEscapesArriveAsWrittenAndEveryBufferIsStaged() {
        ScopeFixture district = ScopeFixture.importFor(documents, planQueries, "复制测试区");
        Actor office = Actor.user("xzb-copy", "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")),
                Set.of(district.districtId()));
        String remark = "换行\n第二行\\反斜杠\\\\N 与 \"引号\" 'single' \\t 制表";
        String employer = "C:\\企业\\甲";
        Workbooks sheet = Workbooks.sheet("台账").headers(EmploymentWorkbook.HEADERS.toArray(String[]::new));
        int rows = 6_000; // more than one chunk (Ingest.CHUNK rows each)
        for (int i = 0; i < rows; i++) {
            sheet.row(String.valueOf(i + 1), "张三", ChineseIdsForTests.valid(new Random(i), i), i == 0 ? "13800001111" : null, "是",
                    "浙江省", i == 0 ? employer : "乙公司", LocalDate.of(2021, 3, 1), null, "区人力社保局", i == 0 ? remark : null);
        }
        java.nio.file.Path file = sheet.write("copy-" + UUID.randomUUID());
        ImportOutcome outcome = imports.importFile(office, district.planId(), LedgerKind.EMPLOYMENT, file, "复制.xlsx",
                ImportMode.VALID_ONLY);

        assertThat(outcome.rejected()).isEmpty();
        assertThat(outcome.accepted() + outcome.duplicates()).isEqualTo(rows);
        assertThat(jdbc.sql("select count(*) from ledger_entry where plan_id = :plan").param("plan", district.planId())
                .query(Long.class).single()).isEqualTo(outcome.accepted());
        List<String> details = jdbc.sql("""
                        select e.details from ledger_entry e join ledger_person p on p.id = e.person_id
                        where e.plan_id = :plan and p.phone_mask is not null""")
                .param("plan", district.planId()).query(String.class).list();
        assertThat(details).singleElement().satisfies(json -> {
            Map<String, String> fields = EntryDetails.read(json);
            assertThat(fields.get("remark")).isEqualTo(remark);
            assertThat(fields.get("employer")).isEqualTo(employer);
        });

        // the same file again, over more than one chunk: every row a duplicate of the ledger, nothing written
        ImportOutcome again = imports.importFile(office, district.planId(), LedgerKind.EMPLOYMENT, file, "复制.xlsx",
                ImportMode.VALID_ONLY);
        assertThat(again.accepted()).isZero();
        assertThat(again.updated()).isZero();
        assertThat(again.duplicates()).isEqualTo(rows);
        assertThat(jdbc.sql("select count(*) from ledger_entry where plan_id = :plan").param("plan", district.planId())
                .query(Long.class).single()).isEqualTo(outcome.accepted());
        assertThat(jdbc.sql("select count(*) from ledger_person where plan_id = :plan").param("plan", district.planId())
                .query(Long.class).single()).isEqualTo(outcome.accepted());
        assertThat(jdbc.sql("select count(*) from ledger_entry where plan_id = :plan and unit_id is not null")
                .param("plan", district.planId()).query(Long.class).single()).isEqualTo(outcome.accepted());
        assertThat(jdbc.sql("""
                        select count(*) from ledger_attribution a join ledger_entry e on e.id = a.entry_id where e.plan_id = :plan""")
                .param("plan", district.planId()).query(Long.class).single()).isZero();
    }
}
