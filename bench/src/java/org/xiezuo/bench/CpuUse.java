package org.xiezuo.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU time on this (Linux) machine from {@code /proc}, in clock ticks (1/100 s): the whole machine, the
 * server process ({@code -DserverPid}), the PostgreSQL backends of the bench database and this harness. The machine is shared
 * (other people's builds run on the same two cores), so each step reports who used the CPU during it, and
 * a step can wait for the machine to be quiet first ({@link #awaitQuiet}).
 */
record CpuUse(long machineBusy, long machineTotal, long server, long postgres, long client) {

    private static final long SERVER_PID = Long.getLong("serverPid", -1);
    private static final double TICKS = 100.0;
    /** Only the backends of the bench database count as PostgreSQL (other people's tests use other databases). */
    private static final String DATABASE = System.getProperty("db.name", "xiezuo_webbench");

    static CpuUse now() {
        long[] machine = machine();
        return new CpuUse(machine[0], machine[1], SERVER_PID > 0 ? process(SERVER_PID) : 0, postgresTicks(),
                process(ProcessHandle.current().pid()));
    }

    /** Cores in use between two samples, by whom, and the server's CPU per successful request. */
    static String describe(CpuUse from, CpuUse to, double seconds, long requests) {
        double machine = (to.machineBusy - from.machineBusy) / TICKS / seconds;
        double server = (to.server - from.server) / TICKS / seconds;
        double postgres = (to.postgres - from.postgres) / TICKS / seconds;
        double client = (to.client - from.client) / TICKS / seconds;
        double others = Math.max(0, machine - server - postgres - client);
        return String.format(Locale.ROOT, "cores busy %.2f of %d: server %.2f, PostgreSQL %.2f, harness %.2f, others %.2f; "
                        + "server CPU %.2f ms and PostgreSQL %.2f ms per answered request", machine,
                Runtime.getRuntime().availableProcessors(), server, postgres, client, others,
                requests == 0 ? Double.NaN : (to.server - from.server) * 10.0 / requests,
                requests == 0 ? Double.NaN : (to.postgres - from.postgres) * 10.0 / requests);
    }

    /** Cores used by processes other than the server, PostgreSQL and this harness between two samples. */
    static double others(CpuUse from, CpuUse to, double seconds) {
        long ours = (to.server - from.server) + (to.postgres - from.postgres) + (to.client - from.client);
        return Math.max(0, (to.machineBusy - from.machineBusy) - ours) / TICKS / seconds;
    }

    /**
     * Waits up to {@code maxSeconds} until, over 3 s, other processes use less than {@code cores} cores; answers
     * how busy the others were in the last sample. Never waits when {@code maxSeconds} is 0.
     */
    static double awaitQuiet(int maxSeconds, double cores) throws InterruptedException {
        long until = System.nanoTime() + maxSeconds * 1_000_000_000L;
        double others;
        do {
            CpuUse a = now();
            Thread.sleep(3000);
            others = others(a, now(), 3);
            if (others < cores || maxSeconds == 0) break;
        } while (System.nanoTime() < until);
        return others;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) total += Long.parseLong(f[i]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** utime + stime of a process, 0 when it is gone. */
    private static long process(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long postgresTicks() {
        long sum = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : procs) {
                try {
                    if (Files.readString(p.resolve("comm")).strip().equals("postgres")
                            && Files.readString(p.resolve("cmdline")).contains(DATABASE)) {
                        sum += process(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }
}
