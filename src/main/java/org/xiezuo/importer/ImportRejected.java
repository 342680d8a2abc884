package org.xiezuo.importer;

/**
 * The uploaded file cannot be used as a task book: empty, too large, not a supported format, corrupt,
 * unsafe, or without any department section or indicator table. Nothing was written.
 */
public class ImportRejected extends RuntimeException {

    private final String fileName;

    public ImportRejected(String fileName, String message) {
        super(message);
        this.fileName = fileName;
    }

    public ImportRejected(String fileName, String message, Throwable cause) {
        super(message, cause);
        this.fileName = fileName;
    }

    public String fileName() { return fileName; }
}
