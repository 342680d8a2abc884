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

    /**
     * The command in the test's own JVM — only for commands refused before Spring starts: a started
     * command switches off console logging for the whole JVM (as it should in its own process).
     */
    public static ForkedCommand inThisJvm(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = org.xiezuo.cli.Cli.run(args, XiezuoApplication.class, new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        return new ForkedCommand(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

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
