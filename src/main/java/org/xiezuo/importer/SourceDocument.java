package org.xiezuo.importer;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;

/**
 * An uploaded task-book document, kept so every plan can be traced to the file it came from. Stored
 * in the database under its id; the original name survives only as sanitised metadata.
 */
class SourceDocument {

    private @Id @Nullable Long id;
    private final String fileName;
    private final String contentType;
    private final long sizeBytes;
    private final String sha256;
    private final byte[] content;
    private final Instant uploadedAt;
    private final String uploadedBy;

    @PersistenceCreator
    SourceDocument(@Nullable Long id, String fileName, String contentType, long sizeBytes, String sha256, byte[] content,
                   Instant uploadedAt, String uploadedBy) {
        this.id = id;
        this.fileName = fileName;
        this.contentType = contentType;
        this.sizeBytes = sizeBytes;
        this.sha256 = sha256;
        this.content = content;
        this.uploadedAt = uploadedAt;
        this.uploadedBy = uploadedBy;
    }

    Long id() {
        if (id == null) throw new IllegalStateException("document not saved");
        return id;
    }

    String fileName() { return fileName; }

    String contentType() { return contentType; }

    long sizeBytes() { return sizeBytes; }

    String sha256() { return sha256; }

    byte[] content() { return content; }

    Instant uploadedAt() { return uploadedAt; }
}
