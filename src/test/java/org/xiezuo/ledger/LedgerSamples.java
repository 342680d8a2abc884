package org.xiezuo.ledger;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Ledger test data for tests outside this package (pages, browser journeys, the access matrix): valid ID
 * numbers and generated employment workbooks with only valid rows, with what an import of them adds.
 */
public final class LedgerSamples {

    private LedgerSamples() {}

    /** The 就业人员 template's headers, in template order. */
    public static final List<String> EMPLOYMENT_HEADERS = EmploymentWorkbook.HEADERS;

    /** A valid 18-character ID number, the same for the same seed and n, different for different n. */
    public static String validId(long seed, int n) {
        return ChineseIdsForTests.valid(new Random(seed), n);
    }

    /** A written workbook: the file, its data rows, and the records an import of it into an empty ledger creates. */
    public record Employment(Path file, int rows, int records) {
        /** Rows that repeat an earlier row (reported as duplicates). */
        public int duplicates() { return rows - records; }
    }

    /** A generated 就业人员 workbook of about {@code persons} × 1.1 valid rows (some repeats, no bad rows). */
    public static Employment employment(long seed, int persons, String name) {
        EmploymentWorkbook clean = LedgerContract.cleanOf(new EmploymentWorkbook(seed, persons));
        return new Employment(clean.write(name), clean.rows.size(), clean.distinctSpells());
    }
}
