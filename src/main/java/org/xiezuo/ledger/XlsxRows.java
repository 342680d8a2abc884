package org.xiezuo.ledger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.xiezuo.ledger.sheet.Cell;
import org.xiezuo.ledger.sheet.CellValues;
import org.xiezuo.ledger.sheet.Column;
import org.xiezuo.ledger.sheet.LedgerSheetReader;
import org.xiezuo.ledger.sheet.Limits;
import org.xiezuo.ledger.sheet.Parsed;
import org.xiezuo.ledger.sheet.SheetRefused;
import org.xiezuo.ledger.sheet.SheetResult;
import org.xiezuo.ledger.sheet.SheetRow;

/**
 * The rows of an .xlsx ledger file: streamed by {@link LedgerSheetReader}, each cell parsed for its
 * template column by {@link CellValues}; a cell's problem carries the row, the column letter and header.
 * A file the reader refuses (template mismatch, too many rows, not an .xlsx) becomes {@link LedgerRefused}.
 *
 * <p><b>Read ahead on a thread of its own.</b> Unzipping, scanning the XML and parsing the cells is about
 * half of what an import costs before the database, and checking the rows (ID rules, blind index,
 * encryption, keys) the other half; neither needs the other until a row is handed over. So the file is
 * read by a reading thread of this read, which hands blocks of {@value #BLOCK} parsed rows through a
 * queue of {@value #BLOCKS} blocks to the calling thread, where the sink checks them, in file order, as
 * before. Memory stays bounded by the queue. The reading thread touches no database and no state beyond
 * this read. If the sink throws, the reading thread is told to stop and the sink's exception propagates
 * unchanged; if the reading fails, its exception reaches the caller as it would have on one thread. The
 * reading thread is always finished when {@link #read} returns.
 */
final class XlsxRows implements RowSource {

    /** Rows per block handed from the reading thread. */
    static final int BLOCK = 256;
    /** Blocks that may wait in the queue. */
    static final int BLOCKS = 8;

    private final Path file;
    private final List<Column> columns;
    private final Limits limits;
    private final Map<String, String> letters = new ConcurrentHashMap<>();

    XlsxRows(Path file, List<Column> columns, Limits limits) {
        this.file = file;
        this.columns = columns;
        this.limits = limits;
    }

    @Override
    public @Nullable String letterOf(String header) {
        return letters.get(header);
    }

    /** One parsed row as the sink receives it. */
    private record ReadRow(int rowNo, Map<String, @Nullable Object> values, List<RowProblem> problems) {}

    /** What the reading thread hands over: rows, or its end (warnings), or its failure. */
    private record Block(List<ReadRow> rows, @Nullable List<String> warnings, @Nullable Throwable failure) {}

    /** Thrown inside the reading thread once the caller has stopped listening. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    @Override
    public List<String> read(Sink sink) {
        BlockingQueue<Block> queue = new ArrayBlockingQueue<>(BLOCKS);
        Reader reader = new Reader(queue);
        Thread thread = new Thread(reader, "ledger-import-reader");
        thread.setDaemon(true);
        thread.start();
        boolean finished = false;
        try {
            while (true) {
                Block block = take(queue);
                for (ReadRow row : block.rows()) sink.row(row.rowNo(), row.values(), row.problems());
                Throwable failure = block.failure();
                if (failure instanceof RuntimeException r) throw r;
                if (failure instanceof Error e) throw e;
                if (failure != null) throw new IllegalStateException("reading the ledger file failed", failure);
                if (block.warnings() != null) {
                    finished = true;
                    return block.warnings();
                }
            }
        } finally {
            if (!finished) {
                reader.stopped = true;
                queue.clear(); // a reading thread blocked on a full queue sees the stop within its next wait
            }
            join(thread);
        }
    }

    private static Block take(BlockingQueue<Block> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the ledger file", e);
        }
    }

    private static void join(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** The reading thread: the sheet reader, cell parsing, blocks into the queue. */
    private final class Reader implements Runnable {

        private final BlockingQueue<Block> queue;
        volatile boolean stopped;
        private List<ReadRow> rows = new ArrayList<>(BLOCK);

        Reader(BlockingQueue<Block> queue) {
            this.queue = queue;
        }

        @Override
        public void run() {
            try {
                SheetResult result = LedgerSheetReader.read(file, columns, limits, this::row);
                hand(new Block(rows, result.warnings(), null));
            } catch (Stopped stopped) {
                // the caller has gone; nothing to hand over
            } catch (SheetRefused refused) {
                handLast(new LedgerRefused("ledger.file", refused.getMessage()));
            } catch (RuntimeException | Error e) {
                handLast(e);
            }
        }

        private void row(SheetRow row) {
            Map<String, @Nullable Object> values = new HashMap<>();
            List<RowProblem> problems = new ArrayList<>(0);
            for (Column column : columns) {
                Cell cell = row.cell(column.key());
                if (!cell.column().isEmpty()) letters.putIfAbsent(column.header(), cell.column());
                Parsed<?> parsed = CellValues.parse(cell, column);
                if (parsed.isError()) {
                    problems.add(new RowProblem(row.rowNumber(), column.header(),
                            cell.column().isEmpty() ? null : cell.column(), parsed.message()));
                } else {
                    values.put(column.key(), parsed.value());
                }
            }
            rows.add(new ReadRow(row.rowNumber(), values, problems));
            if (rows.size() == BLOCK) {
                hand(new Block(rows, null, null));
                rows = new ArrayList<>(BLOCK);
            }
        }

        /** The rows read so far, then the failure: the caller sees every row before the failure, as on one thread. */
        private void handLast(Throwable failure) {
            try {
                hand(new Block(rows, null, failure));
            } catch (Stopped stopped) {
                // the caller has gone
            }
        }

        private void hand(Block block) {
            try {
                while (!queue.offer(block, 50, TimeUnit.MILLISECONDS)) {
                    if (stopped) throw new Stopped();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
            if (stopped) throw new Stopped();
        }
    }
}
