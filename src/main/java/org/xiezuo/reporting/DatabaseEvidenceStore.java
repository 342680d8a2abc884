package org.xiezuo.reporting;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Evidence bytes in the database ({@code reporting_evidence_content}), the default: written and removed
 * in the caller's transaction, so content and metadata commit together, and every instance of the
 * application sees the same files.
 */
class DatabaseEvidenceStore implements EvidenceStore {

    private final JdbcClient jdbc;
    private final Supplier<String> keys;

    DatabaseEvidenceStore(JdbcClient jdbc, Supplier<String> keys) {
        this.jdbc = jdbc;
        this.keys = keys;
    }

    @Override
    public String write(byte[] content) {
        String key = keys.get();
        jdbc.sql("insert into reporting_evidence_content (storage_key, content) values (:key, :content)")
                .param("key", key).param("content", content).update();
        return key;
    }

    @Override
    public Optional<byte[]> read(String key) {
        return jdbc.sql("select content from reporting_evidence_content where storage_key = :key")
                .param("key", key).query((rs, n) -> rs.getBytes(1)).optional();
    }

    @Override
    public void discard(String key) {
        jdbc.sql("delete from reporting_evidence_content where storage_key = :key").param("key", key).update();
    }

    @Override
    public List<Listed> list() {
        return jdbc.sql("select storage_key, octet_length(content) from reporting_evidence_content order by storage_key")
                .query((rs, n) -> new Listed(rs.getString(1), rs.getLong(2), null, ListedKind.OBJECT)).list();
    }

    @Override
    public boolean remove(Listed entry) {
        if (entry.kind() != ListedKind.OBJECT) return false;
        return jdbc.sql("delete from reporting_evidence_content where storage_key = :key").param("key", entry.name()).update() > 0;
    }
}
