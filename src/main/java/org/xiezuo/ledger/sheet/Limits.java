package org.xiezuo.ledger.sheet;

/**
 * Bounds for one ledger upload, checked before and while the sheet is read: file size, the zip checks
 * of {@link org.xiezuo.shared.SafeArchive} (entries, inflated size, inflate ratio), data rows, header
 * width and characters in one cell. The inflated size must leave room for the row limit: a 10-column
 * sheet takes roughly 400–600 bytes of XML per row.
 */
public record Limits(int maxRows, long maxFileBytes, int maxZipEntries, long maxInflatedBytes,
                     double minInflateRatio, int maxColumns, int maxCellChars) {

    /** Excel's own limit for the characters of one cell. */
    public static final int EXCEL_CELL_CHARS = 32_767;

    public Limits {
        if (maxRows < 1 || maxFileBytes < 1 || maxZipEntries < 1 || maxInflatedBytes < 1 || maxColumns < 1
                || maxCellChars < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** 1,000,000 rows, 100 MB file inflating to at most 2 GB, 1,000 entries, ratio 0.01, 200 columns. */
    public static Limits defaults() {
        return new Limits(1_000_000, 100L << 20, 1000, 2L << 30, 0.01, 200, EXCEL_CELL_CHARS);
    }

    public Limits withMaxRows(int rows) {
        return new Limits(rows, maxFileBytes, maxZipEntries, maxInflatedBytes, minInflateRatio, maxColumns,
                maxCellChars);
    }

    public Limits withMaxFileBytes(long bytes) {
        return new Limits(maxRows, bytes, maxZipEntries, maxInflatedBytes, minInflateRatio, maxColumns,
                maxCellChars);
    }

    public Limits withMaxInflatedBytes(long bytes) {
        return new Limits(maxRows, maxFileBytes, maxZipEntries, bytes, minInflateRatio, maxColumns, maxCellChars);
    }

    /** “20MB” as users read it in messages. */
    String fileSizeText() {
        return maxFileBytes % (1 << 20) == 0 ? (maxFileBytes >> 20) + "MB" : (maxFileBytes >> 10) + "KB";
    }
}
