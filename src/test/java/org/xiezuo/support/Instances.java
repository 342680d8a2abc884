package org.xiezuo.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.xiezuo.XiezuoApplication;

/**
 * Application instances started by a test on a database of its choosing, as an operator starts them:
 * the drills start one on the source database, one on the restored copy, one after an upgrade. Each has a
 * small connection pool (the test server is shared) and its data folder under {@code target/}.
 */
public final class Instances {

    private Instances() {}

    /**
     * Starts the application with these profiles on the PostgreSQL database at {@code url}; {@code web}
     * starts the embedded server on a free port. {@code args} are further {@code --property=value} options.
     */
    public static ConfigurableApplicationContext start(String url, boolean web, List<String> profiles, String... args) {
        List<String> all = new ArrayList<>(List.of(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + PostgresSchema.user(),
                "--spring.datasource.password=" + PostgresSchema.password(),
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--spring.main.banner-mode=off",
                "--server.port=0",
                "--xiezuo.data-dir=target/instances",
                "--xiezuo.audit.purge-cron=-",
                "--spring.session.jdbc.cleanup-cron=-"));
        all.addAll(List.of(args));
        return new SpringApplicationBuilder(XiezuoApplication.class)
                .profiles(profiles.toArray(String[]::new))
                .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                .run(all.toArray(String[]::new));
    }

    /**
     * Personal-data keys as an operator generates them (docs/personal-data.md) and keeps them in the key
     * escrow, apart from the database dumps: one encryption key under {@code keyId} and the blind-index key.
     */
    public record Escrow(int keyId, String key, String indexKey) {

        private static final SecureRandom RANDOM = new SecureRandom();

        public static Escrow generate(int keyId) {
            return new Escrow(keyId, random(), random());
        }

        private static String random() {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }

        /** The environment file (systemd {@code EnvironmentFile=}) an operator keeps, owner-readable only. */
        public Path write(Path file) {
            Map<String, String> lines = new LinkedHashMap<>();
            lines.put("XIEZUO_PERSONAL_DATA_KEYS_" + keyId, key);
            lines.put("XIEZUO_PERSONAL_DATA_ACTIVE_KEY", String.valueOf(keyId));
            lines.put("XIEZUO_PERSONAL_DATA_INDEX_KEY", indexKey);
            StringBuilder text = new StringBuilder();
            lines.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        }

        /** Reads an environment file written by {@link #write}. */
        public static Escrow read(Path file) {
            Map<String, String> values = new LinkedHashMap<>();
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int eq = line.indexOf('=');
                    if (eq > 0) values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int id = Integer.parseInt(values.get("XIEZUO_PERSONAL_DATA_ACTIVE_KEY"));
            return new Escrow(id, values.get("XIEZUO_PERSONAL_DATA_KEYS_" + id), values.get("XIEZUO_PERSONAL_DATA_INDEX_KEY"));
        }

        /** The keys as the application's options (what PersonalDataEnvironment maps the variables to). */
        public String[] args() {
            return new String[] {"--xiezuo.personal-data.keys." + keyId + "=" + key,
                    "--xiezuo.personal-data.active-key=" + keyId, "--xiezuo.personal-data.index-key=" + indexKey};
        }
    }
}
