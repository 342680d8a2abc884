package org.xiezuo.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.xiezuo.XiezuoApplication;

/**
 * A command of the jar run by the real main method in a fresh JVM, as {@code java -jar target/xiezuo.jar …}
 * runs it: a started command switches console logging off for its whole JVM, so it cannot run in the
 * test's own.
 */
public record ForkedCommand(int exitCode, String out, String err) {

    public static ForkedCommand run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=target", "-cp", System.getProperty("java.class.path"), XiezuoApplication.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("command did not end within 120 s: " + args[0]);
        }
        return new ForkedCommand(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
