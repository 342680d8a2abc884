package org.xiezuo.audit;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An audit export ready to send: already checked, read and audited, so the database work (and the
 * chain head) is done before the file goes out. Close it after writing, whatever happens: that deletes
 * the temporary files the workbook spilled rows into.
 */
public final class AuditExport implements AutoCloseable {

    public static final String CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final AuditWorkbook workbook;
    private final String fileName;

    AuditExport(AuditWorkbook workbook, String fileName) {
        this.workbook = workbook;
        this.fileName = fileName;
    }

    /** Rows exported, the header not counted. */
    public int rows() {
        return workbook.rows();
    }

    /** A download name such as {@code 审计日志-20250630-1559.xlsx}. */
    public String fileName() {
        return fileName;
    }

    public void writeTo(OutputStream out) throws IOException {
        workbook.workbook().write(out);
    }

    @Override
    public void close() {
        workbook.workbook().dispose();
        try {
            workbook.workbook().close();
        } catch (IOException e) {
            // nothing left to release: dispose() removed the temporary files
        }
    }
}
