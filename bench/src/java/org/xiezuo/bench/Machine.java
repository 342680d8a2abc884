package org.xiezuo.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.jdbc.core.JdbcTemplate;

/** The machine a run happened on, for the report: CPU, cores, memory, JVM, PostgreSQL and its settings. */
final class Machine {

    private Machine() {}

    static String describe(JdbcTemplate jdbc) {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        } catch (Exception e) {
            // not Linux
        }
        StringBuilder pg = new StringBuilder(jdbc.queryForObject("select version()", String.class).replaceAll(" on .*", ""));
        for (String setting : new String[] {"shared_buffers", "work_mem", "maintenance_work_mem", "synchronous_commit", "max_wal_size",
                "jit", "max_parallel_workers_per_gather"}) {
            pg.append(", ").append(setting).append('=').append(jdbc.queryForObject("show " + setting, String.class));
        }
        Runtime rt = Runtime.getRuntime();
        return cpu + ", " + rt.availableProcessors() + " cores, " + Math.round(com.sun.management.OperatingSystemMXBean.class
                .cast(java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / 1e9) + " GB RAM; "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", -Xmx"
                + rt.maxMemory() / (1 << 20) + "m, " + java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().get(0).getName()
                + "; " + pg;
    }
}
