package org.xiezuo.audit;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recomputes the hash chain of the audit trail (等保 8.1.4.3 c; 8.1.4.7 integrity of 重要审计数据) from
 * the last retention checkpoint — or from the first row ever written — to the chain head, and names
 * the first row where it breaks: a row whose content no longer matches its hash (changed), a row that
 * does not link to the one before it (rows deleted, inserted or replaced before it), or a head that
 * points past the last row (rows deleted at the end).
 */
@Component
public class AuditIntegrity {

    private static final int BATCH = 1000;

    private final JdbcClient jdbc;

    AuditIntegrity(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Row(long id, AuditRecord record, @Nullable String prevHash, @Nullable String rowHash) {}

    private record Link(long eventId, String hash) {}

    /** Reads one consistent snapshot (repeatable read), in batches, so memory stays flat however long the trail. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public ChainVerdict verify() {
        Link start = jdbc.sql("select last_event_id, last_hash from audit_checkpoint order by id desc limit 1")
                .query((rs, n) -> new Link(rs.getLong("last_event_id"), rs.getString("last_hash")))
                .optional().orElse(new Link(0, AuditRecord.GENESIS));
        String expected = start.hash();
        long after = start.eventId();
        long position = 0;
        List<Row> batch;
        do {
            batch = rowsAfter(after);
            for (Row row : batch) {
                position++;
                if (!expected.equals(row.prevHash())) {
                    return broken(position, row, "与前一条记录不衔接（其前的记录被删除、插入或替换）");
                }
                if (!Objects.equals(row.record().hash(expected), row.rowHash())) {
                    return broken(position, row, "本条内容与其哈希不符（记录被修改）");
                }
                expected = row.rowHash();
                after = row.id();
            }
        } while (batch.size() == BATCH);
        Link head = jdbc.sql("select last_event_id, last_hash from audit_chain where id = 1")
                .query((rs, n) -> new Link(rs.getLong("last_event_id"), rs.getString("last_hash"))).single();
        if (!head.hash().equals(expected)) {
            return new ChainVerdict(position, new ChainVerdict.Break(position + 1, head.eventId(), null,
                    "该记录已不在日志中（末尾的记录被删除）"));
        }
        return new ChainVerdict(position, null);
    }

    private List<Row> rowsAfter(long id) {
        return jdbc.sql("select id, prev_hash, row_hash, " + AuditRecord.COLUMNS
                        + " from audit_event where id > :after order by id limit :batch")
                .param("after", id).param("batch", BATCH)
                .query((rs, n) -> new Row(rs.getLong("id"), AuditRecord.read(rs), rs.getString("prev_hash"),
                        rs.getString("row_hash")))
                .list();
    }

    private static ChainVerdict broken(long position, Row row, String reason) {
        return new ChainVerdict(position - 1, new ChainVerdict.Break(position, row.id(),
                row.record().occurredAt().atZone(AuditTrail.ZONE).toOffsetDateTime(), reason));
    }
}
