package org.xiezuo.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * A 10,000-row employment workbook imported through the service on H2: counts only (speed is measured by
 * bench/ledger-import.sh, never asserted). Every valid row read, every distinct spell created once, the
 * in-file repeats counted as duplicates, one person per ID, staging emptied, the job done. An import
 * that fails half-way leaves none of its off-heap scratch memory mapped.
 */
@XiezuoTest
class LedgerImportSmokeTests {

    @Autowired DocumentImports documents;
    @Autowired PlanQueries planQueries;
    @Autowired LedgerImports imports;
    @Autowired ImportJobs jobs;
    @Autowired JdbcClient jdbc;

    @Test
    void tenThousandEmploymentRowsImportWithExactCounts() {
        ScopeFixture district = ScopeFixture.importFor(documents, planQueries, "冒烟测试区");
        Actor office = Actor.user("xzb-smoke", "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")),
                Set.of(district.districtId()));
        EmploymentWorkbook book = LedgerContract.cleanOf(new EmploymentWorkbook(2026, 8_700));
        assertThat(book.rows.size()).isBetween(9_500, 10_500);
        Path file = book.write("smoke-" + UUID.randomUUID());

        ImportOutcome outcome = imports.importFile(office, district.planId(), LedgerKind.EMPLOYMENT, file, "就业台账.xlsx",
                ImportMode.STRICT);

        long persons = book.spells.stream().map(EmploymentWorkbook.Spell::id).collect(Collectors.toSet()).size();
        assertThat(outcome.rowsRead()).isEqualTo(book.rows.size());
        assertThat(outcome.rejected()).isEmpty();
        assertThat(outcome.accepted()).isEqualTo(book.distinctSpells());
        assertThat(outcome.updated()).isZero();
        assertThat(outcome.accepted() + outcome.duplicates()).isEqualTo(book.rows.size());
        assertThat(count("ledger_entry", district.planId())).isEqualTo(book.distinctSpells());
        assertThat(count("ledger_person", district.planId())).isEqualTo(persons);
        // one reporting unit in the whole file: each entry carries it, and no further attribution is written
        assertThat(jdbc.sql("select count(*) from ledger_entry where plan_id = :plan and unit_id is not null")
                .param("plan", district.planId()).query(Long.class).single()).isEqualTo(book.distinctSpells());
        assertThat(jdbc.sql("select count(*) from ledger_attribution a join ledger_entry e on e.id = a.entry_id where e.plan_id = :plan")
                .param("plan", district.planId()).query(Long.class).single()).isZero();
        assertThat(jobs.recent(district.planId(), 1)).singleElement().satisfies(j -> {
            assertThat(j.status()).isEqualTo(ImportJobs.Status.DONE);
            assertThat(j.rowsRead()).isEqualTo(book.rows.size());
            assertThat(j.rowsExpected()).as("counted before the first row, for the progress bar").isEqualTo(book.rows.size());
        });
    }

    private long count(String table, long planId) {
        return jdbc.sql("select count(*) from " + table + " where plan_id = :plan").param("plan", planId).query(Long.class).single();
    }

    @Test
    void anImportThatFailsHalfWayReleasesItsScratchMemory() throws java.io.IOException {
        ScopeFixture district = ScopeFixture.importFor(documents, planQueries, "冒烟测试区二");
        Actor office = Actor.user("xzb-smoke-2", "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")),
                Set.of(district.districtId()));
        EmploymentWorkbook book = LedgerContract.cleanOf(new EmploymentWorkbook(2026, 300));
        Path broken = org.xiezuo.ledger.sheet.Workbooks.rewrite(book.write("smoke-broken-" + UUID.randomUUID()),
                "smoke-broken-" + UUID.randomUUID(), "xl/worksheets/sheet1.xml",
                xml -> xml.replace("</sheetData>", "<row r=\"99999\"><c"), java.nio.charset.StandardCharsets.UTF_8);
        long before = scratchMappings();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> imports.importFile(office, district.planId(),
                LedgerKind.EMPLOYMENT, broken, "就业台账.xlsx", ImportMode.VALID_ONLY)).isInstanceOf(LedgerRefused.class);

        assertThat(scratchMappings()).isEqualTo(before);
        assertThat(count("ledger_entry", district.planId())).isZero();
    }

    /** Scratch files mapped into this process (Linux; elsewhere 0). */
    private static long scratchMappings() throws java.io.IOException {
        Path maps = Path.of("/proc/self/maps");
        if (!java.nio.file.Files.isReadable(maps)) return 0;
        return java.nio.file.Files.readAllLines(maps).stream().filter(line -> line.contains("xiezuo-scratch-")).count();
    }
}
