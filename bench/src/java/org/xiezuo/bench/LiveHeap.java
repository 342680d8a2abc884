package org.xiezuo.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * The live heap while a stage runs, read inside the collector: a thread forces a full collection every
 * {@code periodMillis} and keeps the largest heap left at the end of it — the pools' usage as the
 * collection left them ({@code MemoryPoolMXBean.getCollectionUsage}), so garbage the stage allocates
 * between the collection and the reading is not counted (reading {@code getHeapMemoryUsage} after
 * {@code System.gc()}, as {@link HeapWatch} does, adds a stage's allocation of those milliseconds: tens of
 * MB for an export). Slows the stage down: never in timed runs.
 */
final class LiveHeap implements AutoCloseable {

    private static final List<MemoryPoolMXBean> HEAP = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();

    private final Thread thread;
    private final long baseline;
    private volatile long peak;
    private volatile boolean running = true;

    LiveHeap(long periodMillis) {
        baseline = now();
        peak = baseline;
        thread = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
                long live = now();
                if (live > peak) peak = live;
            }
        }, "live-heap");
        thread.setDaemon(true);
        thread.start();
    }

    /** A full collection, then the bytes it left in the heap. */
    static long now() {
        System.gc();
        return HEAP.stream().mapToLong(p -> p.getCollectionUsage() == null ? 0 : p.getCollectionUsage().getUsed()).sum();
    }

    long baseline() { return baseline; }

    long peak() { return peak; }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
