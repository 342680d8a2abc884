package org.xiezuo.bench;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the server's request-thread CPU meter ({@code GET /bench/cpu}, bench profile only): per method and
 * path, requests and CPU nanoseconds of the threads that served them. The difference of two readings
 * gives the CPU a step's requests cost inside the server, much less disturbed than latencies by other
 * processes on a shared machine (GC, JIT and PostgreSQL are not in it).
 */
final class RequestCpuMeter {

    private RequestCpuMeter() {}

    static Map<String, long[]> read(WebClient web) {
        Map<String, long[]> totals = new HashMap<>();
        try {
            HttpResponse<String> r = web.send(web.request("/bench/cpu", null, null).GET().build());
            if (r.statusCode() != 200) return totals;
            for (String line : r.body().split("\n")) {
                String[] f = line.split("\t");
                if (f.length == 3) totals.put(f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        } catch (Exception e) {
            // no meter: the figures are simply missing
        }
        return totals;
    }

    /** Per path served between the two readings: requests and CPU ms per request. */
    static Map<String, double[]> between(Map<String, long[]> before, Map<String, long[]> after) {
        Map<String, double[]> out = new TreeMap<>();
        after.forEach((key, a) -> {
            long[] b = before.getOrDefault(key, new long[2]);
            long n = a[0] - b[0];
            if (n > 0 && !key.endsWith("/bench/cpu")) out.put(key, new double[] {n, (a[1] - b[1]) / 1e6 / n});
        });
        return out;
    }

    static String describe(Map<String, double[]> between) {
        StringBuilder text = new StringBuilder("  request-thread CPU in the server, ms per request:");
        between.forEach((key, v) -> text.append(String.format(Locale.ROOT, " %s %.2f (× %.0f);", key, v[1], v[0])));
        return text.append('\n').toString();
    }
}
