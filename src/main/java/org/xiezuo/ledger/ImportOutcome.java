package org.xiezuo.ledger;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What an import did: new records written, existing records changed, rows that repeat a record already
 * in the file or the database (information, not errors), rows refused with their reasons, and warnings.
 */
public record ImportOutcome(String jobId, @Nullable Long batchId, int rowsRead, int accepted, int updated, int duplicates,
                            List<Duplicate> duplicateRows, List<RowProblem> rejected, List<RowProblem> warnings,
                            List<String> fileWarnings) {

    public ImportOutcome {
        duplicateRows = List.copyOf(duplicateRows);
        rejected = List.copyOf(rejected);
        warnings = List.copyOf(warnings);
        fileWarnings = List.copyOf(fileWarnings);
    }

    /** A duplicate row and where the record it repeats is: an earlier row of the file, or the database (null). */
    public record Duplicate(int row, @Nullable Integer sameAsRow) {
        public String describe() {
            return "第" + row + "行与" + (sameAsRow == null ? "已有记录" : "第" + sameAsRow + "行") + "重复";
        }
    }
}
