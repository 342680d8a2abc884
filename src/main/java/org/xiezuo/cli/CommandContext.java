package org.xiezuo.cli;

import java.sql.SQLException;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.xiezuo.audit.AuditUnavailable;

/**
 * The application as a command runs it: no web server, no banner, no console logging, no scheduled
 * jobs ({@code xiezuo.cli=true}), with the command's {@code --spring.*}/{@code --xiezuo.*} options. Also
 * tells a database that cannot be reached (exit code 4) from other failures.
 */
final class CommandContext {

    private CommandContext() {}

    static ConfigurableApplicationContext start(CliArguments arguments, Class<?> application) {
        return new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties("xiezuo.cli=true", "logging.threshold.console=OFF", "spring.main.log-startup-info=false",
                        "spring.session.jdbc.cleanup-cron=-")
                .run(arguments.springArgs().toArray(String[]::new));
    }

    /** The failure as exit code 4 when the database is unreachable, in use, or cannot take the audit row; else itself. */
    static RuntimeException translate(RuntimeException e) {
        if (e instanceof AuditUnavailable) {
            return new CliException(Cli.DATABASE_UNAVAILABLE, e.getMessage());
        }
        if (databaseUnavailable(e)) {
            return new CliException(Cli.DATABASE_UNAVAILABLE, "数据库不可用或被占用：" + rootMessage(e));
        }
        return e;
    }

    private static boolean databaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof DataAccessResourceFailureException) return true;
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && state.startsWith("08")) return true;
                // H2: database in use (90020), file locked (90146/90131 family), cannot open
                if (sql.getErrorCode() == 90020 || sql.getErrorCode() == 90146 || sql.getErrorCode() == 90028) return true;
            }
            if (t.getClass().getName().contains("PoolInitializationException")) return true;
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
