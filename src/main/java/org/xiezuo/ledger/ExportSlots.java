package org.xiezuo.ledger;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Busy;

/**
 * At most {@code xiezuo.ledger.max-concurrent-exports} ledger exports at once on this instance (default
 * 3, SECURITY.md T80); one more is refused at once with {@link Busy} — 503 and "导出任务繁忙，请稍后" —
 * never queued: a queued download would hold a request thread while the person waits without knowing
 * why, and trying again later is what the message asks for.
 *
 * <p>Why: an export holds a database connection and a transaction while it reads the whole ledger,
 * keeps SXSSF's window of rows on the heap and writes two temporary files (SXSSF's compressed sheet, then
 * the finished workbook), so a handful at once keeps heap, connections and temporary disk bounded.
 * <b>The limit is per instance</b> (a semaphore in this JVM): it protects this instance's heap and
 * temporary directory, not the cluster — n instances allow n × the limit, and the database sees as many
 * export transactions.
 *
 * <p>A refusal is logged (account, plan, kind), not audited: it changes and discloses nothing, and a
 * chained audit row per refusal would let a flood of refused requests contend for the audit chain.
 */
@Component
class ExportSlots {

    static final String BUSY = "导出任务繁忙，请稍后";
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(ExportSlots.class);

    private final int limit;
    private final Semaphore slots;

    ExportSlots(LedgerSettings settings) {
        this.limit = settings.maxConcurrentExports();
        this.slots = new Semaphore(limit);
    }

    /** A slot for one export, or {@link Busy} at once when every slot is taken; close it when the file is written. */
    Slot take(Actor actor, long planId, LedgerKind kind) {
        if (!slots.tryAcquire()) {
            log.warn("Ledger export refused: {} exports already running on this instance ({} on plan {}, {})", limit, actor.name(),
                    planId, kind.code());
            throw new Busy("ledger.export-busy", BUSY, RETRY_AFTER);
        }
        return new Slot();
    }

    /** Exports running now on this instance. */
    int running() {
        return limit - slots.availablePermits();
    }

    int limit() {
        return limit;
    }

    /** A taken slot; closing it more than once gives it back once. */
    final class Slot implements AutoCloseable {

        private final AtomicBoolean open = new AtomicBoolean(true);

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) slots.release();
        }
    }
}
