package org.xiezuo.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;

import org.springframework.context.ConfigurableApplicationContext;
import org.xiezuo.assessment.Assessment;
import org.xiezuo.export.Exports;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;

/**
 * {@code export --plan ID [--as-of YYYY-MM-DD] --format xlsx|docx --out FILE}: the indicator completion
 * table (xlsx) or the progress bulletin (docx) of a plan as of a date. The file is written next to its
 * destination and moved into place only when complete, so a failure never leaves half a file; stdout
 * names the file written.
 */
final class ExportCommand {

    private final CliArguments arguments;
    private final Class<?> application;

    ExportCommand(CliArguments arguments, Class<?> application) {
        this.arguments = arguments;
        this.application = application;
    }

    int run(PrintStream out) {
        long planId = arguments.planId();
        String format = arguments.option("format").orElseThrow(() -> new CliException(Cli.UNUSABLE_INPUT, "缺少 --format（xlsx 或 docx）"));
        if (!format.equals("xlsx") && !format.equals("docx")) {
            throw new CliException(Cli.UNUSABLE_INPUT, "--format " + format + " 不可用，可选：xlsx（指标完成情况表）、docx（工作进展情况通报）");
        }
        Path target = Path.of(arguments.option("out").orElseThrow(() -> new CliException(Cli.UNUSABLE_INPUT, "缺少 --out（输出文件）")))
                .toAbsolutePath();
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw new CliException(Cli.UNUSABLE_INPUT, target + ": 所在目录不存在");
        }
        LocalDate asOf = arguments.date("as-of");
        try (ConfigurableApplicationContext context = CommandContext.start(arguments, application)) {
            Exports exports = context.getBean(Exports.class);
            Actor actor = Actor.cli(System.getProperty("user.name", "unknown"));
            Assessment assessment = exports.assessment(actor, planId, asOf);
            Path partial = Files.createTempFile(target.getParent(), ".xiezuo-export-", ".part");
            try {
                try (OutputStream file = Files.newOutputStream(partial)) {
                    if (format.equals("xlsx")) exports.table(actor, assessment, file);
                    else exports.bulletin(actor, assessment, file);
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            out.println(target);
            return Cli.OK;
        } catch (CliException e) {
            throw e;
        } catch (NotFound e) {
            throw new CliException(Cli.UNUSABLE_INPUT, "--plan " + planId + ": 任务书不存在");
        } catch (BusinessRuleViolation e) {
            throw new CliException(Cli.UNUSABLE_INPUT, e.getMessage());
        } catch (IOException e) {
            throw new CliException(Cli.UNUSABLE_INPUT, target + ": 无法写入（" + e.getMessage() + "）");
        } catch (RuntimeException e) {
            throw CommandContext.translate(e);
        }
    }
}
