package org.xiezuo.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

/** Points a test context at a fresh schema of the PostgreSQL test database and drops it afterwards. */
public final class PostgresSchema implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static String url() { return System.getenv("XIEZUO_PG_URL"); }

    public static String user() { return env("XIEZUO_PG_USER", "xiezuo"); }

    public static String password() { return env("XIEZUO_PG_PASSWORD", "xiezuo"); }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("create schema " + schema);
        String url = url() + (url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("postgres-test", Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", user(),
                "spring.datasource.password", password(),
                "spring.flyway.schemas", schema,
                "xiezuo.test.schema", schema)));
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) execute("drop schema if exists " + schema + " cascade");
        });
    }

    static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(url(), user(), password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL test database: " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
