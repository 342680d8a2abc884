package org.xiezuo.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed-rate, open-model load generator: operation {@code i} is due at {@code t0 + i / rate} whatever
 * happened to the earlier ones (no closed loop, so a slow server gets more concurrent requests, not fewer),
 * and every latency is measured from the operation's <em>scheduled</em> start, not from when the request
 * was actually sent — a stalled client or server shows up as latency instead of disappearing (coordinated
 * omission). Operations start their requests asynchronously ({@code HttpClient.sendAsync}) and record each
 * request into a {@link Recorder}. Only operations scheduled after the warm-up are recorded. Every run is
 * bounded: warm-up plus measured seconds of scheduling, then at most {@code drainSeconds} for requests still
 * in flight (counted as errors "unfinished" when they do not come back).
 */
final class OpenLoad {

    private OpenLoad() {}

    /** One operation of the workload: starts its request(s) and completes when the last one is recorded. */
    interface Op {
        CompletableFuture<?> start(long scheduledNanos, long index, Recorder recorder);
    }

    /** How a request ended, as the workload judges it. */
    enum Outcome {
        /** 2xx or 3xx, or the answer the workload expected. */
        OK,
        /** An answer the application gives on purpose (a 409 conflict, a refused sign-in): not an error. */
        REFUSED,
        /** Anything else: 5xx, an unexpected 4xx, an exception, a time-out. */
        ERROR
    }

    /** Thread-safe recording of request latencies by type, for the measured window only. */
    static final class Recorder {
        private final Map<String, Series> series = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
        private volatile long measureFrom = Long.MAX_VALUE;
        private volatile long measureTo = Long.MAX_VALUE;

        /** Whether an operation scheduled at this time is measured. */
        boolean measured(long scheduledNanos) {
            return scheduledNanos >= measureFrom && scheduledNanos < measureTo;
        }

        /** One request: latency from {@code startNanos} (the schedule for an operation's first request) to now. */
        void record(String type, long scheduledNanos, long startNanos, Outcome outcome, String detail) {
            if (!measured(scheduledNanos)) return;
            long latency = System.nanoTime() - startNanos;
            series.computeIfAbsent(type, t -> new Series()).add(latency, outcome);
            if (outcome == Outcome.ERROR) errors.computeIfAbsent(type + " " + detail, d -> new AtomicInteger()).incrementAndGet();
            if (outcome == Outcome.REFUSED && !detail.isEmpty()) {
                refusals.computeIfAbsent(type + " " + detail, d -> new AtomicInteger()).incrementAndGet();
            }
        }

        Series series(String type) {
            return series.getOrDefault(type, new Series());
        }

        Map<String, Series> all() {
            return new TreeMap<>(series);
        }

        Map<String, Integer> errorDetails() {
            Map<String, Integer> m = new TreeMap<>();
            errors.forEach((k, v) -> m.put(k, v.get()));
            return m;
        }

        Map<String, Integer> refusalDetails() {
            Map<String, Integer> m = new TreeMap<>();
            refusals.forEach((k, v) -> m.put(k, v.get()));
            return m;
        }

        int errorCount() {
            return errors.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    /** The latencies of one request type (nanoseconds), with outcome counts. */
    static final class Series {
        private long[] values = new long[1024];
        private int size;
        private int ok;
        private int refused;
        private int errors;

        synchronized void add(long nanos, Outcome outcome) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = nanos;
            switch (outcome) {
                case OK -> ok++;
                case REFUSED -> refused++;
                case ERROR -> errors++;
            }
        }

        synchronized int count() { return size; }
        synchronized int ok() { return ok; }
        synchronized int refused() { return refused; }
        synchronized int errors() { return errors; }

        /** The p-th percentile (0–100) in milliseconds, nearest rank over every recorded request. */
        synchronized double percentile(double p) {
            if (size == 0) return Double.NaN;
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * size);
            return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
        }

        synchronized double max() {
            if (size == 0) return Double.NaN;
            return Arrays.stream(values, 0, size).max().getAsLong() / 1e6;
        }
    }

    /** What a run did: the offered rate, the measured window, and the recorder. */
    record Run(String label, double rate, double seconds, long scheduled, long skipped, long unfinished, double lagMillis,
               Recorder recorder, CpuUse cpuFrom, CpuUse cpuTo) {

        /** Successful (OK) requests of a type per second of the measured window. */
        double throughput(String type) {
            return recorder.series(type).ok() / seconds;
        }

        /** Errors of every type, including operations never sent (client limit) and requests never answered. */
        int errors() {
            return recorder.errorCount() + (int) skipped + (int) unfinished;
        }
    }

    /**
     * Runs {@code op} at {@code rate} per second: {@code warmup} seconds unrecorded, then {@code seconds}
     * recorded. At most {@code maxInFlight} operations run at once; an operation due beyond that is not
     * started and counts as an error (the client's limit, reported as such).
     */
    static Run run(String label, double rate, int warmup, int seconds, int maxInFlight, int drainSeconds, Op op) {
        Recorder recorder = new Recorder();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong skipped = new AtomicLong();
        long period = Math.round(1e9 / rate);
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long measureFrom = t0 + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        recorder.measureFrom = measureFrom;
        recorder.measureTo = end;
        CpuUse[] cpu = new CpuUse[2];
        Thread sampler = new Thread(() -> {
            try {
                long[] at = {measureFrom, end};
                for (int k = 0; k < 2; k++) {
                    long wait;
                    while ((wait = at[k] - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
                    cpu[k] = CpuUse.now();
                }
            } catch (RuntimeException e) {
                // no CPU figures
            }
        }, "cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long scheduled = 0;
        long worstLag = 0;
        for (long i = 0; ; i++) {
            long due = t0 + i * period;
            if (due >= end) break;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            long lag = System.nanoTime() - due;
            if (due >= measureFrom) {
                scheduled++;
                worstLag = Math.max(worstLag, lag);
            }
            if (inFlight.get() >= maxInFlight) {
                if (due >= measureFrom) skipped.incrementAndGet();
                continue;
            }
            inFlight.incrementAndGet();
            CompletableFuture<?> f;
            try {
                f = op.start(due, i, recorder);
            } catch (RuntimeException e) {
                recorder.record("(operation not started)", due, due, Outcome.ERROR, e.toString());
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((r, e) -> inFlight.decrementAndGet());
        }
        try {
            sampler.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        while (inFlight.get() > 0 && System.nanoTime() < drainUntil) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        long unfinished = inFlight.get();
        recorder.measureTo = Long.MIN_VALUE; // late answers are not recorded any more
        return new Run(label, rate, seconds, scheduled, skipped.get(), unfinished, worstLag / 1e6, recorder, cpu[0], cpu[1]);
    }

    /** One line per request type: count, throughput, p50/p95/p99/max in ms, refusals, errors. */
    static String describe(Run run) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s @ %.0f/s for %.0f s: %d operations scheduled", run.label(), run.rate(), run.seconds(),
                run.scheduled()));
        if (run.skipped() > 0) b.append(", ").append(run.skipped()).append(" not started (client limit)");
        if (run.unfinished() > 0) b.append(", ").append(run.unfinished()).append(" unfinished");
        b.append(String.format(Locale.ROOT, "; scheduler lag max %.1f ms%n", run.lagMillis()));
        b.append(String.format(Locale.ROOT, "  %-22s %8s %9s %8s %8s %8s %9s %8s %7s%n", "request", "count", "ok/s", "p50 ms",
                "p95 ms", "p99 ms", "max ms", "refused", "errors"));
        run.recorder().all().forEach((type, s) -> b.append(String.format(Locale.ROOT,
                "  %-22s %8d %9.1f %8.1f %8.1f %8.1f %9.1f %8d %7d%n", type, s.count(), s.ok() / run.seconds(), s.percentile(50),
                s.percentile(95), s.percentile(99), s.max(), s.refused(), s.errors())));
        if (run.cpuFrom() != null && run.cpuTo() != null) {
            int answered = run.recorder().all().values().stream().mapToInt(Series::count).sum();
            b.append("  ").append(CpuUse.describe(run.cpuFrom(), run.cpuTo(), run.seconds(), answered)).append('\n');
        }
        run.recorder().refusalDetails().forEach((detail, n) -> b.append("  refused: ").append(detail).append(" × ").append(n).append('\n'));
        run.recorder().errorDetails().forEach((detail, n) -> b.append("  error: ").append(detail).append(" × ").append(n).append('\n'));
        return b.toString();
    }
}
