package org.xiezuo.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The live heap while a stage runs: a thread forces a full collection every {@code periodMillis} and
 * keeps the largest heap in use right after it (heap after GC), so the figure is the live set, not the
 * garbage a young collection leaves in the old generation. It slows the stage down, so memory is
 * measured in runs of its own, never in the timed ones. Also the process's peak RSS (VmHWM, reset
 * through /proc/self/clear_refs).
 */
final class HeapWatch implements AutoCloseable {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP).map(java.lang.management.MemoryPoolMXBean::getName)
            .collect(java.util.stream.Collectors.toSet());

    private final Thread thread;
    private final long baseline;
    private final long rssBefore;
    private volatile long peak;
    private volatile boolean running = true;

    HeapWatch(long periodMillis) {
        baseline = liveHeap();
        peak = baseline;
        rssBefore = rssKb("VmRSS");
        resetPeakRss();
        thread = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
                long live = liveHeap();
                if (live > peak) peak = live;
            }
        }, "heap-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The heap in use right after a forced full collection, as that collection itself reports it
     * (GcInfo of the collector of full collections, its heap pools only). Reading {@code getHeapMemoryUsage()}
     * after {@code System.gc()} returns also counts whatever the stage allocated in between — with an
     * import's four threads allocating, over 100 MB of garbage at 1M rows; that reading is only the
     * fallback when the JVM gives no GcInfo.
     */
    static long liveHeap() {
        System.gc();
        long used = MEMORY.getHeapMemoryUsage().getUsed();
        long afterGc = -1;
        long latest = -1;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(gc instanceof com.sun.management.GarbageCollectorMXBean bean)) continue;
            // only the collector of full collections ("G1 Old Generation" for G1): a young collection that
            // ends after System.gc()'s full one reports the old generation's garbage as in use (seen at 1M rows:
            // 117 MB read that way while every full collection of the stage left 59-74 MB, -Xlog:gc)
            if (gc.getName().contains("Young")) continue;
            var info = bean.getLastGcInfo();
            if (info == null || info.getEndTime() < latest) continue;
            latest = info.getEndTime();
            // the heap's pools only: the map also holds Metaspace and the code cache
            afterGc = info.getMemoryUsageAfterGc().entrySet().stream().filter(e -> HEAP_POOLS.contains(e.getKey()))
                    .mapToLong(e -> e.getValue().getUsed()).sum();
        }
        return afterGc >= 0 ? afterGc : used;
    }

    /** Bytes of heap live before the stage. */
    long baseline() { return baseline; }

    /** The largest live heap seen, bytes. */
    long peak() { return peak; }

    long rssBeforeKb() { return rssBefore; }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        long live = liveHeap();
        if (live > peak) peak = live;
    }

    static long rssKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (Exception e) {
            // not permitted: VmHWM then includes the start-up peak
        }
    }
}
