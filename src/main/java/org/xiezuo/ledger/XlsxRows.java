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
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.xiezuo.ledger.sheet.Cell;
import org.xiezuo.ledger.sheet.CellValues;
import org.xiezuo.ledger.sheet.Column;
import org.xiezuo.ledger.sheet.LedgerSheetReader;
import org.xiezuo.ledger.sheet.Limits;
import org.xiezuo.ledger.sheet.Parsed;
import org.xiezuo.ledger.sheet.RowHandler;
import org.xiezuo.ledger.sheet.SheetRefused;
import org.xiezuo.ledger.sheet.SheetResult;
import org.xiezuo.ledger.sheet.SheetRow;
import org.xiezuo.shared.Threads;

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
 * before. A {@link RowSource.PreparingSink} gets a third thread, which prepares each block (the row's
 * own checks, keyed hash and keys) between the two, so that reading, preparing and taking the rows in order
 * overlap. Then the reading thread hands on the sheet's rows as they are ({@link SheetRow}s, which the
 * sheet reader never reuses) and the checking thread parses their cells before preparing them: the
 * reading thread, unzipping and scanning, is the slowest of the three, so the parse goes where there is
 * room. A column's letter is learnt by the reading thread all the same, before the row is handed on, so
 * that {@link #letterOf} knows it when the calling thread reports the row's problems. Memory stays
 * bounded by the queues. These threads touch no database and no state beyond this read. If the sink
 * throws, the other threads are told to stop and the sink's exception propagates unchanged; if reading
 * or preparing fails, the exception reaches the caller after the rows before it, as it would have on one
 * thread. The threads have always ended when {@link #read} returns.
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

    /** One parsed row as the sink receives it, with what {@link RowSource.PreparingSink#prepare} made of it. */
    private record ReadRow(int rowNo, Map<String, @Nullable Object> values, List<RowProblem> problems) {}

    /**
     * What a stage hands on: rows (the sheet's rows from the reading thread to the checking thread, else
     * parsed rows, prepared or not), or its end (warnings), or its failure after the rows.
     */
    private record Block<R>(List<R> rows, @Nullable Object @Nullable [] prepared, @Nullable List<String> warnings,
                            @Nullable Throwable failure, @Nullable Integer expected) {

        Block(List<R> rows, @Nullable Object @Nullable [] prepared, @Nullable List<String> warnings,
              @Nullable Throwable failure) {
            this(rows, prepared, warnings, failure, null);
        }
    }

    /** Thrown inside a stage's thread once the caller has stopped listening. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /** Set when the caller stops listening; every stage checks it while it waits to hand on a block. */
    private static final class Stop {
        volatile boolean stopped;
    }

    @Override
    public List<String> read(Sink sink) {
        Stop readerStop = new Stop();
        Stop checkerStop = new Stop();
        BlockingQueue<Block<ReadRow>> ready = new ArrayBlockingQueue<>(BLOCKS);
        List<BlockingQueue<?>> queues = new ArrayList<>(2);
        queues.add(ready);
        List<Thread> threads = new ArrayList<>(2);
        if (sink instanceof PreparingSink<?> preparing) {
            // the cells are parsed on the checking thread: the reading thread hands on the sheet's rows
            BlockingQueue<Block<SheetRow>> read = new ArrayBlockingQueue<>(BLOCKS);
            queues.add(read);
            threads.add(thread(new Reader<>(read, readerStop, Function.identity()), "ledger-import-reader"));
            threads.add(thread(new Preparer<>(preparing, this::parsed, read, ready, readerStop, checkerStop),
                    "ledger-import-checker"));
        } else {
            threads.add(thread(new Reader<>(ready, readerStop, this::parsed), "ledger-import-reader"));
        }
        boolean finished = false;
        try {
            while (true) {
                Block<ReadRow> block = take(ready);
                if (block.expected() != null) sink.expect(block.expected());
                List<ReadRow> rows = block.rows();
                for (int i = 0; i < rows.size(); i++) {
                    ReadRow row = rows.get(i);
                    if (block.prepared() != null) {
                        prepared((PreparingSink<?>) sink, row, block.prepared()[i]);
                    } else {
                        sink.row(row.rowNo(), row.values(), row.problems());
                    }
                }
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
                readerStop.stopped = true;
                checkerStop.stopped = true;
                // a stage blocked on a full queue sees the stop within its next wait
                for (BlockingQueue<?> queue : queues) queue.clear();
            }
            for (Thread thread : threads) Threads.joinUninterruptibly(thread);
        }
    }

    /**
     * A sheet row's cells parsed for their template columns: the values by column key, and each cell's
     * problem with its row, header and column letter. Depends on nothing but the row (any thread).
     */
    private ReadRow parsed(SheetRow row) {
        Map<String, @Nullable Object> values = new HashMap<>();
        List<RowProblem> problems = new ArrayList<>(0);
        for (Column column : columns) {
            Cell cell = row.cell(column.key());
            Parsed<?> parsed = CellValues.parse(cell, column);
            if (parsed.isError()) {
                problems.add(new RowProblem(row.rowNumber(), column.header(),
                        cell.column().isEmpty() ? null : cell.column(), parsed.message()));
            } else {
                values.put(column.key(), parsed.value());
            }
        }
        return new ReadRow(row.rowNumber(), values, problems);
    }

    @SuppressWarnings("unchecked")
    private static <P> void prepared(PreparingSink<P> sink, ReadRow row, @Nullable Object prepared) {
        sink.prepared(row.rowNo(), row.values(), row.problems(), (P) prepared);
    }

    private static Thread thread(Runnable stage, String name) {
        Thread thread = new Thread(stage, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static <R> Block<R> take(BlockingQueue<Block<R>> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the ledger file", e);
        }
    }

    /** Hands a block on, waiting while the queue is full; {@link Stopped} once the caller has gone. */
    private static <R> void hand(BlockingQueue<Block<R>> queue, Block<R> block, Stop stop) {
        try {
            while (!queue.offer(block, 50, TimeUnit.MILLISECONDS)) {
                if (stop.stopped) throw new Stopped();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
        if (stop.stopped) throw new Stopped();
    }

    /**
     * The checking thread: the cells of every row parsed, then {@link RowSource.PreparingSink#prepare},
     * blocks kept in file order.
     */
    private static final class Preparer<P> implements Runnable {

        private final PreparingSink<P> sink;
        private final Function<SheetRow, ReadRow> parse;
        private final BlockingQueue<Block<SheetRow>> in;
        private final BlockingQueue<Block<ReadRow>> out;
        /** Set here when a row's parse or preparation fails, so that the reading stops too. */
        private final Stop readerStop;
        private final Stop stop;

        Preparer(PreparingSink<P> sink, Function<SheetRow, ReadRow> parse, BlockingQueue<Block<SheetRow>> in,
                 BlockingQueue<Block<ReadRow>> out, Stop readerStop, Stop stop) {
            this.sink = sink;
            this.parse = parse;
            this.in = in;
            this.out = out;
            this.readerStop = readerStop;
            this.stop = stop;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Block<SheetRow> block = takeUnlessStopped();
                    List<SheetRow> read = block.rows();
                    List<ReadRow> rows = new ArrayList<>(read.size());
                    Object[] prepared = new Object[read.size()];
                    try {
                        for (SheetRow sheetRow : read) {
                            ReadRow row = parse.apply(sheetRow);
                            prepared[rows.size()] = sink.prepare(row.rowNo(), row.values(), row.problems());
                            rows.add(row);
                        }
                    } catch (RuntimeException | Error e) {
                        // the rows before this one, then the failure: as on one thread
                        readerStop.stopped = true;
                        hand(out, new Block<>(rows, prepared, null, e), stop);
                        return;
                    }
                    hand(out, new Block<>(rows, prepared, block.warnings(), block.failure(), block.expected()), stop);
                    if (block.warnings() != null || block.failure() != null) return;
                }
            } catch (Stopped stopped) {
                // the caller has gone
            }
        }

        private Block<SheetRow> takeUnlessStopped() {
            try {
                while (true) {
                    Block<SheetRow> block = in.poll(50, TimeUnit.MILLISECONDS);
                    if (block != null) return block;
                    if (stop.stopped) throw new Stopped();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }
    }

    /**
     * The reading thread: the sheet reader, the columns' letters, each row made into what the next stage
     * takes ({@code handed}: the cells parsed, or the sheet's row as it is for the checking thread), blocks
     * into the queue.
     */
    private final class Reader<R> implements Runnable {

        private final BlockingQueue<Block<R>> queue;
        private final Stop stop;
        private final Function<SheetRow, R> handed;
        private List<R> rows = new ArrayList<>(BLOCK);
        /**
         * The template columns (by index) whose letter is known: a column's letter is the same in every row,
         * so it is learnt once, not looked up and put for every cell (which showed in the reading thread's
         * profile). A column absent from the file has no letter and is looked at again in the next row.
         */
        private final boolean[] lettered = new boolean[columns.size()];
        private int unlettered = columns.size();

        Reader(BlockingQueue<Block<R>> queue, Stop stop, Function<SheetRow, R> handed) {
            this.queue = queue;
            this.stop = stop;
            this.handed = handed;
        }

        @Override
        public void run() {
            try {
                SheetResult result = LedgerSheetReader.read(file, columns, limits, new RowHandler() {
                    @Override
                    public void row(SheetRow row) {
                        Reader.this.row(row);
                    }

                    @Override
                    public void expect(int rows) {
                        hand(queue, new Block<>(List.of(), null, null, null, rows), stop);
                    }
                });
                hand(queue, new Block<>(rows, null, result.warnings(), null), stop);
            } catch (Stopped stopped) {
                // the caller has gone; nothing to hand over
            } catch (SheetRefused refused) {
                handLast(new LedgerRefused("ledger.file", refused.getMessage()));
            } catch (RuntimeException | Error e) {
                handLast(e);
            }
        }

        private void row(SheetRow row) {
            learnLetters(row);
            rows.add(handed.apply(row));
            if (rows.size() == BLOCK) {
                hand(queue, new Block<>(rows, null, null, null), stop);
                rows = new ArrayList<>(BLOCK);
            }
        }

        /** The letters of the columns not known yet, from this row: before the row is handed on, so {@link #letterOf} knows them. */
        private void learnLetters(SheetRow row) {
            if (unlettered == 0) return;
            for (int i = 0; i < lettered.length; i++) {
                if (lettered[i]) continue;
                Column column = columns.get(i);
                String letter = row.cell(column.key()).column();
                if (letter.isEmpty()) continue;
                letters.putIfAbsent(column.header(), letter);
                lettered[i] = true;
                unlettered--;
            }
        }

        /** The rows read so far, then the failure: the caller sees every row before the failure, as on one thread. */
        private void handLast(Throwable failure) {
            try {
                hand(queue, new Block<>(rows, null, null, failure), stop);
            } catch (Stopped stopped) {
                // the caller has gone
            }
        }
    }
}
