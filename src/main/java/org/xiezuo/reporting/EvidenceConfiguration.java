package org.xiezuo.reporting;

import java.nio.file.Path;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

/**
 * Chooses the evidence store — a folder when {@code xiezuo.reporting.evidence.folder} is set, else the
 * database — and refuses to start when the evidence limit exceeds the multipart limit: files between the
 * two would be cut off by the multipart limit with a different number in the message.
 */
@Configuration(proxyBeanMethods = false)
class EvidenceConfiguration {

    @Bean
    EvidenceStore evidenceStore(EvidenceSettings settings, JdbcClient jdbc, ObjectProvider<MultipartProperties> multipart) {
        MultipartProperties limits = multipart.getIfAvailable();
        if (limits != null) requireWithin(settings.maxSize(), limits.getMaxFileSize());
        Path folder = settings.folderPath();
        return folder == null ? new DatabaseEvidenceStore(jdbc, EvidenceStore::randomKey)
                : new FolderEvidenceStore(folder, EvidenceStore::randomKey);
    }

    static void requireWithin(DataSize evidence, DataSize multipartFile) {
        if (multipartFile.toBytes() >= 0 && evidence.toBytes() > multipartFile.toBytes()) {
            throw new IllegalStateException("xiezuo.reporting.evidence.max-size (" + evidence + ") is larger than "
                    + "spring.servlet.multipart.max-file-size (" + multipartFile + "); the multipart maximum must be at least as large");
        }
    }
}
