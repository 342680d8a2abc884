package org.xiezuo.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server's request threads spent their CPU during a JFR recording (execution samples of Tomcat's
 * {@code http-nio-*-exec-*} threads): the share of samples with a frame of Thymeleaf anywhere on the stack
 * (PERFORMANCE.md W4: Thymeleaf ≤ 20 % of request CPU), and of a few other layers. "On the stack" counts a
 * sample in every layer it passes through (Thymeleaf calling the application's getters counts for both);
 * "own" gives each sample to one layer: that of the topmost frame outside the JDK (the JDK's own code,
 * collections, strings, reflection, counts for whoever called it).
 * Usage: {@code JfrShare FILE.jfr}
 */
public final class JfrShare {

    private static final Map<String, List<String>> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("Thymeleaf (template rendering)", List.of("org.thymeleaf.", "org.attoparser.", "ognl.", "org.springframework.expression."));
        // link URLs resolved against the static resources (ResourceUrlEncodingFilter's response wrapper and what it calls)
        LAYERS.put("static-resource URL resolution", List.of("org.springframework.web.servlet.resource.ResourceUrlEncodingFilter$",
                "org.springframework.web.servlet.resource.ResourceUrlProvider", "org.springframework.web.servlet.resource.PathResourceResolver",
                "org.springframework.web.servlet.resource.LiteWebJarsResourceResolver",
                "org.springframework.web.servlet.resource.CachingResourceResolver", "org.springframework.core.io."));
        LAYERS.put("JDBC driver and HikariCP", List.of("org.postgresql.", "com.zaxxer.hikari."));
        LAYERS.put("Spring Session JDBC", List.of("org.springframework.session."));
        LAYERS.put("Spring Security filters", List.of("org.springframework.security."));
        LAYERS.put("Jackson (JSON)", List.of("tools.jackson.", "com.fasterxml.jackson."));
        LAYERS.put("org.xiezuo (application code)", List.of("org.xiezuo."));
    }

    private JfrShare() {}

    public static void main(String[] args) throws Exception {
        int total = 0;
        int signIns = 0;
        Map<String, Integer> inclusive = new LinkedHashMap<>();
        Map<String, Integer> self = new LinkedHashMap<>();
        Map<String, Integer> own = new LinkedHashMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) continue;
            var thread = event.getThread("sampledThread");
            if (thread == null || thread.getJavaName() == null || !thread.getJavaName().contains("-exec-")) continue;
            List<RecordedFrame> frames = event.getStackTrace() == null ? List.of() : event.getStackTrace().getFrames();
            if (frames.isEmpty()) continue;
            // the harness signs its viewers in at the start of the recording: those requests are not the page's
            if (frames.stream().anyMatch(f -> f.getMethod().getType().getName().startsWith("org.xiezuo.security.SignIn")
                    || f.getMethod().getType().getName().startsWith("org.xiezuo.security.MyAccountController")
                    || f.getMethod().getType().getName().endsWith("AbstractAuthenticationProcessingFilter"))) {
                signIns++;
                continue;
            }
            total++;
            String top = frames.get(0).getMethod().getType().getName();
            String caller = frames.stream().map(f -> f.getMethod().getType().getName())
                    .filter(c -> !(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("javax.")))
                    .findFirst().orElse("(JDK only)");
            own.merge(LAYERS.entrySet().stream().filter(l -> l.getValue().stream().anyMatch(caller::startsWith)).map(Map.Entry::getKey)
                    .findFirst().orElse(caller.startsWith("org.apache.") ? "Tomcat" : caller.startsWith("org.springframework.")
                            ? "Spring (MVC, core, other)" : "other"), 1, Integer::sum);
            for (var layer : LAYERS.entrySet()) {
                boolean in = frames.stream().anyMatch(f -> layer.getValue().stream()
                        .anyMatch(p -> f.getMethod().getType().getName().startsWith(p)));
                if (in) inclusive.merge(layer.getKey(), 1, Integer::sum);
                if (layer.getValue().stream().anyMatch(top::startsWith)) self.merge(layer.getKey(), 1, Integer::sum);
            }
        }
        System.out.printf(Locale.ROOT, "JFR execution samples of request threads: %d (and %d of sign-ins, left out)%n", total, signIns);
        for (String layer : LAYERS.keySet()) {
            System.out.printf(Locale.ROOT, "  %-34s %5.1f %% of samples on the stack, %5.1f %% at the top%n", layer,
                    100.0 * inclusive.getOrDefault(layer, 0) / Math.max(1, total), 100.0 * self.getOrDefault(layer, 0) / Math.max(1, total));
        }
        int samples = total;
        System.out.println("  own CPU by layer (topmost frame outside the JDK):");
        own.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).forEach(e -> System.out.printf(Locale.ROOT,
                "    %-34s %5.1f %%%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, samples)));
        System.out.printf(Locale.ROOT, "RESULT jfr.thymeleaf.own %.3f%n", (double) own.getOrDefault("Thymeleaf (template rendering)", 0)
                / Math.max(1, total));
        System.out.printf(Locale.ROOT, "RESULT jfr.thymeleaf %.3f%n", (double) inclusive.getOrDefault("Thymeleaf (template rendering)", 0)
                / Math.max(1, total));
    }
}
