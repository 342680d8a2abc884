package org.xiezuo.support;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.context.ApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.Bindings;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.ledger.ImportMode;
import org.xiezuo.ledger.ImportOutcome;
import org.xiezuo.ledger.LedgerImports;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.LedgerSamples;
import org.xiezuo.ledger.sheet.Workbooks;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.EvidenceFiles;
import org.xiezuo.reporting.EvidenceSamples;
import org.xiezuo.reporting.Reporting;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.reporting.Validation.LineKind;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * A district whose plan has been worked on through the application's own services, for the backup,
 * restore and migration drills: the seed task book imported, June's report of 区教育局 approved with two
 * evidence files, July's returned, August's a draft, an employment ledger with encrypted ID and phone
 * numbers — and the audit rows all of that wrote. {@link #startWriting} keeps saving report lines from
 * other threads, as reporters do while a backup runs.
 */
public final class BusyDistrict {

    public final ScopeFixture district;
    public final long education;
    public final Actor reporter;
    public final Actor office;
    public final List<ReportingQueries.PeriodRow> periods;
    public final PlanBook.IndicatorRow schools;
    public final PlanBook.IndicatorRow students;
    /** The ID numbers of the ledger, in row order (one person each). */
    public final List<String> ids;
    public final List<EvidenceFiles.Stored> evidence = new ArrayList<>();

    private final ApplicationContext app;

    private BusyDistrict(ApplicationContext app, ScopeFixture district, List<String> ids) {
        this.app = app;
        this.district = district;
        this.ids = ids;
        String tag = Long.toString(district.planId());
        education = district.unit("区教育局");
        reporter = Actor.user("jy-" + tag, "教育局填报员", Set.of(Role.REPORTER), Set.of(education), Set.of(district.districtId()));
        office = Actor.user("xzb-" + tag, "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")),
                Set.of(district.districtId()));
        periods = app.getBean(ReportingQueries.class).periods(office, district.planId());
        schools = indicator("3");
        students = indicator("13");
    }

    /** Imports the seed task book for a district of this name and works on it; {@code workers} ledger rows. */
    public static BusyDistrict populate(ApplicationContext app, String districtName, int workers) {
        ScopeFixture district = ScopeFixture.importFor(app.getBean(DocumentImports.class), app.getBean(PlanQueries.class), districtName);
        List<String> ids = new ArrayList<>();
        long seed = district.planId() * 1_000L;
        for (int i = 0; i < workers; i++) ids.add(LedgerSamples.validId(seed, i));
        BusyDistrict busy = new BusyDistrict(app, district, ids);
        DepartmentReporting.of(app.getBean(Bindings.class), district.book(), "3", "13");
        busy.report();
        busy.ledger();
        return busy;
    }

    public long planId() { return district.planId(); }

    private PlanBook.IndicatorRow indicator(String code) {
        return district.book().indicators().stream().filter(i -> code.equals(i.code())).findFirst().orElseThrow();
    }

    private void report() {
        Reporting reporting = app.getBean(Reporting.class);
        EvidenceFiles files = app.getBean(EvidenceFiles.class);
        long june = periods.get(5).id();
        save(june, schools, "2");
        save(june, students, "12");
        evidence.add(upload(files, june, "结对协议.pdf", EvidenceSamples.pdf("June")));
        evidence.add(upload(files, june, "现场照片.png", EvidenceSamples.png()));
        ReportingQueries.ReportSummary draft = summary(june);
        reporting.submit(reporter, draft.id(), draft.version());
        reporting.approve(office, draft.id(), summary(june).version());

        long july = periods.get(6).id();
        save(july, schools, "3");
        ReportingQueries.ReportSummary julyDraft = summary(july);
        reporting.submit(reporter, julyDraft.id(), julyDraft.version());
        reporting.returnReport(office, julyDraft.id(), summary(july).version(), "请补充佐证材料");

        save(periods.get(7).id(), schools, "3");
    }

    /** Uploads one more evidence file for the line of indicator 3 of a period whose report is still editable. */
    public EvidenceFiles.Stored upload(long period, String name, byte[] content) {
        return upload(app.getBean(EvidenceFiles.class), period, name, content);
    }

    private EvidenceFiles.Stored upload(EvidenceFiles files, long period, String name, byte[] content) {
        return files.upload(reporter, period, education, LineKind.INDICATOR, schools.id(), name, content.length,
                new ByteArrayResource(content));
    }

    private Reporting.LineSaved save(long period, PlanBook.IndicatorRow indicator, String value) {
        int version = app.getBean(ReportingQueries.class).sheet(office, period, education).indicators().stream()
                .filter(e -> e.indicator().id() == indicator.id()).findFirst()
                .map(ReportingQueries.IndicatorEntry::lineVersion).orElse(0);
        return app.getBean(Reporting.class).saveIndicatorLine(reporter, period, education, indicator.id(), version, value, null, null);
    }

    private ReportingQueries.ReportSummary summary(long period) {
        return app.getBean(ReportingQueries.class).sheet(office, period, education).report();
    }

    private void ledger() {
        Path file = Workbooks.streaming("busy-" + planId() + "-" + System.nanoTime(), LedgerSamples.EMPLOYMENT_HEADERS, ids.size(),
                i -> new Object[] {String.valueOf(i + 1), "张" + "伟芳娜秀英敏静丽强磊".charAt(i % 10) + "明", ids.get(i),
                        "139" + String.format("%08d", i), i % 3 == 0 ? "是" : "否", "浙江省", "企业" + (i % 7),
                        LocalDate.of(2021, 1 + i % 12, 1), null, "区人力社保局", null});
        ImportOutcome outcome = app.getBean(LedgerImports.class).importFile(office, planId(), LedgerKind.EMPLOYMENT, file,
                "就业人员台账.xlsx", ImportMode.STRICT);
        if (!outcome.rejected().isEmpty() || outcome.accepted() != ids.size()) {
            throw new IllegalStateException("the sample ledger did not import cleanly: " + outcome.rejected());
        }
    }

    /** Reporters saving lines of 区教育局's later periods in a loop, one thread per period, until stopped. */
    public Writers startWriting(int threads) {
        Writers writers = new Writers();
        for (int t = 0; t < threads; t++) {
            long period = periods.get(8 + t % 4).id();
            Thread thread = new Thread(() -> writers.run(this, period), "busy-writer-" + t);
            thread.setDaemon(true);
            writers.threads.add(thread);
            thread.start();
        }
        return writers;
    }

    /** The writing threads: how many saves committed, and the first unexpected failure. */
    public static final class Writers {
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong committed = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        private void run(BusyDistrict district, long period) {
            int value = 10;
            while (!stop.get()) {
                try {
                    district.save(period, district.schools, String.valueOf(value++));
                    committed.incrementAndGet();
                } catch (RuntimeException e) {
                    if (!stop.get()) failure.compareAndSet(null, e);
                    return;
                }
            }
        }

        public long committed() { return committed.get(); }

        /** Waits until at least {@code n} more saves have committed than now. */
        public void awaitMore(long n) throws InterruptedException {
            long target = committed.get() + n;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (committed.get() < target) {
                if (failure.get() != null) throw new IllegalStateException("a writer failed", failure.get());
                if (System.nanoTime() > deadline) throw new IllegalStateException("the writers made no progress");
                Thread.sleep(20);
            }
        }

        /** Stops the threads and throws the first failure, if any. */
        public long stop() throws InterruptedException {
            stop.set(true);
            for (Thread thread : threads) thread.join(30_000);
            if (failure.get() != null) throw new IllegalStateException("a writer failed", failure.get());
            return committed.get();
        }
    }
}
