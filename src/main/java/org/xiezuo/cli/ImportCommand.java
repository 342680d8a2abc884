package org.xiezuo.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.springframework.context.ConfigurableApplicationContext;
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
        try (ConfigurableApplicationContext context = CommandContext.start(arguments, application)) {
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
            throw CommandContext.translate(e);
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
}
