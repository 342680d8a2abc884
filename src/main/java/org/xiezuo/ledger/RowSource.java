package org.xiezuo.ledger;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Rows of one ledger kind to import, already parsed cell by cell: an .xlsx sheet or a form typed in by
 * hand. A source may refuse the whole input ({@link LedgerRefused}) before handing over any row.
 */
interface RowSource {

    /** Hands every non-empty data row to {@code sink}; returns the warnings about the input as a whole. */
    List<String> read(Sink sink);

    /** The column letter of a header in the input (known once rows have been read), or null. */
    default @Nullable String letterOf(String header) { return null; }

    interface Sink {
        /**
         * One row: its values by column key (null for blank or unparseable cells) and the problems of
         * its cells; a row with cell problems is still handed over so that every problem is reported.
         */
        void row(int rowNo, Map<String, @Nullable Object> values, List<RowProblem> cellProblems);

        /** How many rows are coming (an estimate), once before the first row, when the source knows it. */
        default void expect(int rows) {}
    }

    /**
     * A sink whose work on a row splits in two: {@link #prepare}, which depends on nothing but the row and
     * may run on another thread, in any order, while earlier rows are still being taken (checking and
     * encrypting a row is most of an import's work before the database); and {@link #prepared}, which
     * takes the rows in file order on the thread that called {@link #read}. A source may call the two
     * together, as {@link #row} does.
     */
    interface PreparingSink<P> extends Sink {
        /** The row's own work; thread-safe, never throws for a bad row (problems are part of the result). */
        P prepare(int rowNo, Map<String, @Nullable Object> values, List<RowProblem> cellProblems);

        /** The rest, in file order, on the reading call's thread. */
        void prepared(int rowNo, Map<String, @Nullable Object> values, List<RowProblem> cellProblems, P prepared);

        @Override
        default void row(int rowNo, Map<String, @Nullable Object> values, List<RowProblem> cellProblems) {
            prepared(rowNo, values, cellProblems, prepare(rowNo, values, cellProblems));
        }
    }
}
