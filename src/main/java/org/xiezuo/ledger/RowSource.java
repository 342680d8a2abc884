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

    /** An estimate of the number of data rows, for the progress bar, or null when unknown. */
    default @Nullable Integer expectedRows() { return null; }

    interface Sink {
        /**
         * One row: its values by column key (null for blank or unparseable cells) and the problems of
         * its cells; a row with cell problems is still handed over so that every problem is reported.
         */
        void row(int rowNo, Map<String, @Nullable Object> values, List<RowProblem> cellProblems);
    }
}
