package org.xiezuo.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL's client programs ({@code pg_dump}, {@code pg_restore}) against the test server, and scratch
 * databases on it, for the backup and restore drills (SECURITY.md T68, T69). The server is the one of
 * {@code XIEZUO_PG_URL}; the programs are found on the {@code PATH} or in {@code XIEZUO_PG_BIN}.
 *
 * <p>Creating a database needs the right to: the test role's own {@code CREATEDB} (which {@code .ci/run}
 * grants), else an administrative role named by {@code XIEZUO_PG_ADMIN_USER} (and
 * {@code XIEZUO_PG_ADMIN_PASSWORD}), else the superuser {@code postgres} without a password, as on a
 * developer machine with trust authentication on 127.0.0.1. The databases belong to the test role.
 */
public final class PgTools {

    private PgTools() {}

    /** What is missing for the drills, or null when {@code pg_dump} and {@code pg_restore} are there. */
    static String missing() {
        for (String program : List.of("pg_dump", "pg_restore")) {
            if (find(program) == null) {
                return program + " not found on the PATH or in XIEZUO_PG_BIN (Debian: apt-get install postgresql-client)";
            }
        }
        return null;
    }

    private static Path find(String program) {
        String bin = System.getenv("XIEZUO_PG_BIN");
        List<String> dirs = new ArrayList<>();
        if (bin != null && !bin.isBlank()) dirs.add(bin);
        String path = System.getenv("PATH");
        if (path != null) dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
        for (String dir : dirs) {
            if (dir.isBlank()) continue;
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }

    /** The exit code and the output of a client program. */
    public record Result(int exitCode, String out, String err) {
        public boolean ok() { return exitCode == 0; }
    }

    /**
     * Runs {@code pg_dump} or {@code pg_restore} as the test role against the test server: host, port and
     * user are added, the password goes through {@code PGPASSWORD}.
     */
    public static Result run(String program, String... args) {
        Path executable = find(program);
        if (executable == null) throw new IllegalStateException(program + " not found: " + missing());
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-h", host(), "-p", String.valueOf(port()),
                "-U", PostgresSchema.user(), "--no-password"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("PGPASSWORD", PostgresSchema.password());
            builder.environment().put("PGCONNECT_TIMEOUT", "10");
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(program + " did not end within 300 s");
            }
            return new Result(process.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URI server() {
        return URI.create(PostgresSchema.url().substring("jdbc:".length()));
    }

    static String host() { return server().getHost(); }

    static int port() { return server().getPort() < 0 ? 5432 : server().getPort(); }

    /** The JDBC URL of another database on the test server (the query of {@code XIEZUO_PG_URL} kept). */
    public static String urlOf(String database) {
        URI server = server();
        String query = server.getRawQuery();
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database + (query == null ? "" : "?" + query);
    }

    /**
     * A database of its own on the test server, owned by the test role, dropped (with its connections)
     * when closed. Names are {@code xz_<purpose>_<random>}, lower case.
     */
    public record Scratch(String name) implements AutoCloseable {

        public static Scratch create(String purpose) {
            String name = "xz_" + purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            if (!name.matches("[a-z0-9_]{1,63}")) throw new IllegalArgumentException("database name " + name);
            try (Connection admin = admin(); Statement statement = admin.createStatement()) {
                boolean own = PostgresSchema.user().equals(admin.getMetaData().getUserName());
                statement.execute("create database " + name + (own ? "" : " owner " + quoted(PostgresSchema.user())));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the scratch database " + name + ": " + e.getMessage()
                        + " (grant the test role CREATEDB, as .ci/run does, or set XIEZUO_PG_ADMIN_USER)", e);
            }
            return new Scratch(name);
        }

        public String url() { return urlOf(name); }

        /** A connection as the test role. */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url(), PostgresSchema.user(), PostgresSchema.password());
        }

        /** Runs statements as the test role, each in its own transaction. */
        public void execute(String... sql) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                for (String s : sql) statement.execute(s);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try (Connection connection = DriverManager.getConnection(PostgresSchema.url(), PostgresSchema.user(),
                    PostgresSchema.password()); Statement statement = connection.createStatement()) {
                statement.execute("drop database if exists " + name + " with (force)");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop the scratch database " + name + ": " + e.getMessage(), e);
            }
        }
    }

    private static Connection admin() throws SQLException {
        String adminUser = System.getenv("XIEZUO_PG_ADMIN_USER");
        if (adminUser != null && !adminUser.isBlank()) {
            String password = System.getenv("XIEZUO_PG_ADMIN_PASSWORD");
            return DriverManager.getConnection(PostgresSchema.url(), adminUser, password == null ? "" : password);
        }
        Connection own = DriverManager.getConnection(PostgresSchema.url(), PostgresSchema.user(), PostgresSchema.password());
        try (Statement statement = own.createStatement();
             ResultSet rs = statement.executeQuery("select rolcreatedb or rolsuper from pg_roles where rolname = current_user")) {
            if (rs.next() && rs.getBoolean(1)) return own;
        }
        own.close();
        return DriverManager.getConnection(PostgresSchema.url(), "postgres", "");
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
