package org.xiezuo.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.xiezuo.ledger.web.LedgerApiFixture.body;
import static org.xiezuo.ledger.web.LedgerApiFixture.problem;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.LedgerExports;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.LedgerQueries;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ApiTokens;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Busy;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * The guard of SECURITY.md T80 on H2: with three ledger exports running on this instance (the default
 * {@code xiezuo.ledger.max-concurrent-exports}), a fourth is refused at once — from the service, as a
 * 503 problem detail with {@code Retry-After} from the API and as a 503 error page — with "导出任务繁忙，
 * 请稍后", and the next one goes through as soon as one finishes. Exports that fail give their slot back;
 * every export that ran is one audit row; no temporary file is left behind. The load part of T80 (50,000
 * workers, three leaders at once on PostgreSQL) is a benchmark: bench/ledger-export.sh t80.
 */
@XiezuoTest
@AutoConfigureMockMvc
class LedgerExportLimitTests {

    private static final String BUSY = "导出任务繁忙，请稍后";

    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired ApiTokens tokens;
    @Autowired DocumentImports documents;
    @Autowired PlanQueries planQueries;
    @Autowired LedgerExports exports;
    @Autowired JdbcClient jdbc;

    /** Holds an export open: its first write says so and then waits until released. */
    static final class Gate extends OutputStream {
        final CountDownLatch started;
        final CountDownLatch release;
        boolean first = true;
        long bytes;

        Gate(CountDownLatch started, CountDownLatch release) {
            this.started = started;
            this.release = release;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (first) {
                first = false;
                started.countDown();
                try {
                    if (!release.await(60, TimeUnit.SECONDS)) throw new IOException("never released");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            bytes += len;
        }
    }

    @Test
    void fourthConcurrentExportIsRefusedUntilASlotFrees() throws Exception {
        LedgerApiFixture f = new LedgerApiFixture(mvc, accounts, tokens, documents, planQueries, "导出并发测试区");
        String reporter = f.token("hrss", Role.REPORTER, f.labour);
        MockHttpServletResponse imported = f.upload(reporter, "employment",
                LedgerApiWorkers.employmentWorkbook("limit-" + f.tag, LedgerApiWorkers.workers(30, 80), "区人力社保局"), "STRICT", null);
        assertThat(imported.getStatus()).as(body(imported)).isEqualTo(200);
        Sessions.Signed leaderSession = f.person("ld", Role.LEADER, f.office);
        String leaderToken = f.tokenOf(leaderSession.username(), Role.LEADER, f.office);
        Actor leader = Actor.user(leaderSession.username(), "领导", Set.of(Role.LEADER), Set.of(f.office),
                Set.of(f.district.districtId()));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> tempBefore = exportTempFiles(tmp);

        // exports that fail while writing give their slot back: three of them, one after another
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> exports.export(leader, f.planId, LedgerKind.EMPLOYMENT, LedgerQueries.Filter.none(), false,
                    new OutputStream() {
                        @Override
                        public void write(int b) throws IOException {
                            throw new IOException("disk full");
                        }
                    })).isInstanceOf(UncheckedIOException.class);
        }
        long auditedBefore = audited(leaderSession.username());

        // three exports held open at their first write (rows read, the workbook being written)
        CountDownLatch started = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Integer>> running = new ArrayList<>();
        List<Gate> gates = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Gate gate = new Gate(started, release);
                gates.add(gate);
                running.add(pool.submit(() -> exports.export(leader, f.planId, LedgerKind.EMPLOYMENT, LedgerQueries.Filter.none(),
                        false, gate)));
            }
            assertThat(started.await(30, TimeUnit.SECONDS)).as("three exports running").isTrue();

            // a fourth from the service, the API and the page: refused at once, nothing written, nothing audited
            assertThatThrownBy(() -> exports.export(leader, f.planId, LedgerKind.EMPLOYMENT, LedgerQueries.Filter.none(), false,
                    OutputStream.nullOutputStream())).isInstanceOf(Busy.class).hasMessage(BUSY);
            MockHttpServletResponse api = f.call(leaderToken, get(f.employment() + "/export.xlsx"));
            JsonNode refused = problem(api, 503);
            assertThat(refused.get("detail").asText()).isEqualTo(BUSY);
            assertThat(refused.get("code").asText()).isEqualTo("ledger.export-busy");
            assertThat(api.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
            assertThat(api.getHeader(HttpHeaders.CONTENT_DISPOSITION)).isNull();
            MockHttpServletResponse page = f.page(leaderSession, get("/plans/" + f.planId + "/ledgers/employment/export.xlsx"));
            assertThat(page.getStatus()).isEqualTo(503);
            assertThat(page.getContentType()).startsWith("text/html");
            assertThat(body(page)).contains(BUSY);
            assertThat(page.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
        } finally {
            release.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        for (Future<Integer> export : running) assertThat(export.get()).as("rows of a held export").isEqualTo(30);
        assertThat(gates).allSatisfy(g -> assertThat(g.bytes).isPositive());

        // a slot is free again: the next export goes through, a whole workbook
        MockHttpServletResponse next = f.call(leaderToken, get(f.employment() + "/export.xlsx"));
        assertThat(next.getStatus()).as(body(next)).isEqualTo(200);
        try (XSSFWorkbook book = new XSSFWorkbook(LedgerApiFixture.in(next))) {
            assertThat(book.getSheetAt(0).getLastRowNum()).isEqualTo(30);
        }

        // one audit row per export that ran (three held, one after); none for the refusals or the failures
        assertThat(audited(leaderSession.username()) - auditedBefore).isEqualTo(4);
        // the download's temporary file and SXSSF's sheet files are gone
        assertThat(exportTempFiles(tmp)).isEqualTo(tempBefore);
    }

    private long audited(String actor) {
        return jdbc.sql("select count(*) from audit_event where event_type = 'LEDGER_EXPORTED' and actor = :actor")
                .param("actor", actor).query(Long.class).single();
    }

    /** The download's temporary files ({@code xiezuo-ledger-*.xlsx}) and SXSSF's ({@code poifiles/poi-sxssf-*}). */
    private static List<Path> exportTempFiles(Path tmp) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(tmp)) {
            files.filter(p -> p.getFileName().toString().startsWith("xiezuo-ledger-")).forEach(found::add);
        }
        Path poi = tmp.resolve("poifiles");
        if (Files.isDirectory(poi)) {
            try (Stream<Path> files = Files.list(poi)) {
                files.filter(p -> p.getFileName().toString().startsWith("poi-sxssf")).forEach(found::add);
            }
        }
        found.sort(null);
        return found;
    }
}
