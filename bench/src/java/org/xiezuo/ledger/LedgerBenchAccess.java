package org.xiezuo.ledger;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.xiezuo.ledger.personal.PersonalData;
import org.xiezuo.ledger.sheet.Limits;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.shared.Actor;

/**
 * The benchmark's way into the ledger module's package-private stages (compiled only by
 * bench/ledger-import.sh, never part of the application or its tests).
 */
public final class LedgerBenchAccess {

    private LedgerBenchAccess() {}

    /** What the parse-and-check stage handed on: rows read, drafts (what would be staged), rows with problems. */
    public record Checked(int rowsRead, int drafts, int badRows, List<RowProblem> firstProblems) {}

    /**
     * The import's stage before the database: {@link XlsxRows} (sheet reader + cell parsing) and
     * {@link RowMapping} (ID, phone and name rules, blind index of the ID — the seal comes when a new person is written —, natural
     * key and facts hashes), with the same sink logic as {@code LedgerImports.importInTransaction} but the
     * drafts counted instead of staged.
     */
    public static Checked parseAndCheck(Path file, Actor actor, PlanBook book, PersonalData personalData, LocalDate today,
                                        int maxRows) {
        RowMapping mapping = new RowMapping(LedgerKind.EMPLOYMENT, LedgerScope.context(actor, book, today, personalData));
        List<RowProblem> rejected = new ArrayList<>();
        Set<Integer> badRows = new HashSet<>();
        int[] counts = new int[2];
        // the import's in-application de-duplication
        XlsxRows source = new XlsxRows(file, LedgerKind.EMPLOYMENT.columns(), Limits.defaults().withMaxRows(maxRows));
        try (KeyTable records = new KeyTable(1024, true); // sized from the sheet's row count by expect(), as Ingest does
             KeyTable persons = new KeyTable(1024, false)) {
            int[] repeats = new int[1];
            // the import's pipeline: rows read on one thread, mapped on another, taken in order on this one
            RowSource.PreparingSink<LedgerImports.Mapped> sink = new RowSource.PreparingSink<>() {
              @Override
              public void expect(int rows) {
                records.reserve(rows);
                persons.reserve(rows);
              }

              @Override
              public LedgerImports.Mapped prepare(int rowNo, Map<String, Object> values, List<RowProblem> cellProblems) {
                return LedgerImports.mapped(mapping, rowNo, values);
              }

              @Override
              public void prepared(int rowNo, Map<String, Object> values, List<RowProblem> cellProblems, LedgerImports.Mapped mapped) {
                counts[0]++;
                EntryDraft draft = LedgerImports.checked(source, cellProblems, mapped, rejected);
                if (draft != null) {
                    counts[1]++;
                    if (records.find(draft.keyHigh(), draft.keyLow()) >= 0) repeats[0]++; // as Ingest: the packed key from the digest
                    else records.setInt(records.add(draft.keyHigh(), draft.keyLow()), rowNo + 1);
                    EntryDraft.Person p = draft.person();
                    if (p != null && persons.find(KeyTable.high(p.idHash()), KeyTable.low(p.idHash())) < 0) {
                        persons.setInt(persons.add(KeyTable.high(p.idHash()), KeyTable.low(p.idHash())), KeyTable.textHash(p.name()));
                    }
                } else {
                    badRows.add(rowNo);
                }
              }
            };
            // -Dbench.prepare=inline: the rows mapped on the taking thread (two threads instead of three), for comparison
            source.read("inline".equals(System.getProperty("bench.prepare")) ? new RowSource.Sink() {
                @Override public void row(int rowNo, Map<String, Object> values, List<RowProblem> problems) { sink.row(rowNo, values, problems); }
                @Override public void expect(int rows) { sink.expect(rows); }
            } : sink);
            if (records.size() + repeats[0] != counts[1]) throw new IllegalStateException("de-duplication lost rows");
        }
        return new Checked(counts[0], counts[1], badRows.size(), rejected.stream().limit(5).toList());
    }

    /** {@code LedgerSheetReader.read} alone on an employment ledger, every row dropped: the parse without the check. */
    public static int parseOnly(Path file, int maxRows) {
        return org.xiezuo.ledger.sheet.LedgerSheetReader.read(file, LedgerKind.EMPLOYMENT.columns(),
                Limits.defaults().withMaxRows(maxRows), row -> { }).rows();
    }

    /** The Derivation bean's full computation for a plan (what {@code DerivedValues.asOf} runs). */
    public static Map<Long, BigDecimal> derive(Derivation derivation, long planId, LocalDate asOf) {
        return derivation.asOf(planId, asOf);
    }

    /** Imports generated rows of a kind from an .xlsx through the real service. */
    public static ImportOutcome importKind(LedgerImports imports, Actor actor, long planId, String kind, Path file) {
        return imports.importFile(actor, planId, LedgerKind.valueOf(kind), file, file.getFileName().toString(), ImportMode.STRICT);
    }

    /** The template headers of a kind, in order. */
    public static List<String> headers(String kind) {
        return LedgerKind.valueOf(kind).columns().stream().map(org.xiezuo.ledger.sheet.Column::header).toList();
    }
}
