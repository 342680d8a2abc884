package org.xiezuo;

import java.util.Arrays;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start the {@code prod} profile on the embedded H2 database (SECURITY.md T74): production
 * runs on PostgreSQL, several instances on one database, and an H2 file would silently give each
 * instance its own data. {@code xiezuo.allow-embedded-database=true} allows it deliberately, e.g. for
 * a one-off demonstration machine. It also refuses {@code spring.flyway.clean-disabled} set to false (T72):
 * Flyway's {@code clean} drops every object of the schema, and no production setting may allow it.
 */
class ProductionSafety implements EnvironmentPostProcessor {

    static final String ALLOW = "xiezuo.allow-embedded-database";
    static final String CLEAN_DISABLED = "spring.flyway.clean-disabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!Arrays.asList(environment.getActiveProfiles()).contains("prod")) return;
        if (!environment.getProperty(CLEAN_DISABLED, Boolean.class, true)) {
            throw new FlywayCleanRefused("生产配置（prod）不允许 Flyway clean（会删除数据库中的全部对象）：请删除 "
                    + CLEAN_DISABLED + "=false 的设置。 / The prod profile refuses " + CLEAN_DISABLED
                    + "=false: Flyway clean drops every object of the schema.");
        }
        String url = environment.getProperty("spring.datasource.url", "");
        if (url.startsWith("jdbc:h2:") && !environment.getProperty(ALLOW, Boolean.class, false)) {
            throw new EmbeddedDatabaseRefused(
                    "生产配置（prod）不能使用内嵌 H2 数据库：请用 SPRING_DATASOURCE_URL 指向 PostgreSQL，"
                            + "或明确设置 " + ALLOW + "=true。"
                            + " / The prod profile refuses the embedded H2 database (" + url.replaceAll(";.*", "")
                            + "); point SPRING_DATASOURCE_URL at PostgreSQL or set " + ALLOW + "=true.");
        }
    }

    /** Start-up refused by a production safety rule. */
    abstract static class ProductionRefused extends IllegalStateException {
        ProductionRefused(String message) {
            super(message);
        }

        abstract String action();
    }

    /** The prod profile on the embedded database. */
    static final class EmbeddedDatabaseRefused extends ProductionRefused {
        EmbeddedDatabaseRefused(String message) {
            super(message);
        }

        @Override
        String action() {
            return "Set SPRING_DATASOURCE_URL (and _USERNAME, _PASSWORD) to the production PostgreSQL database, "
                    + "or start without the prod profile to try Xiezuo on the embedded database.";
        }
    }

    /** The prod profile with Flyway clean allowed. */
    static final class FlywayCleanRefused extends ProductionRefused {
        FlywayCleanRefused(String message) {
            super(message);
        }

        @Override
        String action() {
            return "Remove " + CLEAN_DISABLED + "=false (or SPRING_FLYWAY_CLEAN_DISABLED=false) from the production configuration.";
        }
    }

    /** Says why the start was refused and what to do, instead of a stack trace. */
    static final class Analyzer extends AbstractFailureAnalyzer<ProductionRefused> {
        @Override
        protected FailureAnalysis analyze(Throwable root, ProductionRefused cause) {
            return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
        }
    }
}
