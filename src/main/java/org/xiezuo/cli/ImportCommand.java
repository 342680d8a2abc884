package org.xiezuo.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.importer.ImportRejected;
import org.xiezuo.importer.ImporterSettings;
import org.xiezuo.importer.TaskBookParser;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * {@code import FILE [--update]}: imports a task book into the configured database as
 * {@code cli:<os user>} and prints the plan id as JSON. The file is checked before the database is
 * opened, so unusable input never touches it.
 */
final class ImportCommand {

    private final CliArguments arguments;
    private final Class<?> application;

    ImportCommand(CliArguments arguments, Class<?> application) {
        this.arguments = arguments;
        this.application = application;
    }

    int run(PrintStream out) {
        Path file = Path.of(arguments.requirePositional(0, "FILE（任务书文件）"));
        ImporterSettings settings = Cli.importerSettings(arguments);
        byte[] content = read(file, settings);
        new TaskBookParser(settings).parse(file.getFileName().toString(), content); // unusable input never opens the database
        try (ConfigurableApplicationContext context = start(application, arguments)) {
            DocumentImports imports = context.getBean(DocumentImports.class);
            Actor actor = Actor.cli(System.getProperty("user.name", "unknown"));
            DocumentImports.ImportResult result = imports.importDocument(actor, file.getFileName().toString(), content,
                    arguments.flag("update"), false);
            out.println("{\"planId\": " + result.planId() + "}");
            return Cli.OK;
        } catch (ImportRejected | CliException e) {
            throw e;
        } catch (BusinessRuleViolation e) {
            throw new CliException(Cli.REFUSED, file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            if (databaseUnavailable(e)) {
                throw new CliException(Cli.DATABASE_UNAVAILABLE, "数据库不可用或被占用：" + rootMessage(e));
            }
            throw e;
        }
    }

    private static byte[] read(Path file, ImporterSettings settings) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            if (Files.isDirectory(file)) throw new ImportRejected(name, "「" + file + "」是目录，不是文件");
            long size = Files.size(file);
            if (size == 0) throw new ImportRejected(name, "文件为空");
            if (size > settings.maxFileSize().toBytes()) {
                throw new ImportRejected(name, "文件超过" + settings.maxFileSizeText() + "上限");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImportRejected(name, "文件不存在：" + file);
        } catch (IOException e) {
            throw new ImportRejected(name, "无法读取文件：" + file);
        }
    }

    /** The application as commands that need the database start it: no web server, no console logging. */
    static ConfigurableApplicationContext start(Class<?> application, CliArguments arguments) {
        List<String> args = new ArrayList<>(arguments.springArgs());
        return new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties("xiezuo.cli=true", "logging.threshold.console=OFF", "spring.main.log-startup-info=false",
                        "spring.session.jdbc.cleanup-cron=-")
                .run(args.toArray(String[]::new));
    }

    static boolean databaseUnavailable(Throwable e) {
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

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
