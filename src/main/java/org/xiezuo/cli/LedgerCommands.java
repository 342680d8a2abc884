package org.xiezuo.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.xiezuo.ledger.ImportMode;
import org.xiezuo.ledger.ImportOutcome;
import org.xiezuo.ledger.ImportReports;
import org.xiezuo.ledger.IndicatorValues;
import org.xiezuo.ledger.LedgerImports;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.LedgerRefused;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;

/**
 * {@code ledger-import --plan ID --kind KIND FILE [--valid-only]} and
 * {@code indicator-values --plan ID --as-of YYYY-MM-DD}: a ledger import with its JSON report on stdout
 * (also when strict mode refuses the file, exit code 3), and the plan's indicator actuals as of a date.
 */
final class LedgerCommands {

    private final CliArguments arguments;
    private final Class<?> application;

    LedgerCommands(CliArguments arguments, Class<?> application) {
        this.arguments = arguments;
        this.application = application;
    }

    int importLedger(PrintStream out) {
        long planId = planId();
        String kindCode = arguments.option("kind").orElseThrow(() -> new CliException(Cli.UNUSABLE_INPUT,
                "缺少 --kind（" + LedgerKind.codes() + "）"));
        LedgerKind kind = LedgerKind.byCode(kindCode).orElseThrow(() -> new CliException(Cli.UNUSABLE_INPUT,
                "--kind " + kindCode + " 不是台账类别，可选：" + LedgerKind.codes()));
        Path file = Path.of(arguments.requirePositional(0, "FILE（台账 .xlsx 文件）"));
        if (!Files.isRegularFile(file)) throw new CliException(Cli.UNUSABLE_INPUT, file + ": 文件不存在或不是文件");
        ImportMode mode = arguments.flag("valid-only") ? ImportMode.VALID_ONLY : ImportMode.STRICT;
        try (ConfigurableApplicationContext context = CommandContext.start(arguments, application)) {
            LedgerImports imports = context.getBean(LedgerImports.class);
            Actor actor = Actor.cli(System.getProperty("user.name", "unknown"));
            try {
                ImportOutcome outcome = imports.importFile(actor, planId, kind, file, file.getFileName().toString(), mode);
                out.println(ImportReports.toJson(ImportReports.map(outcome)));
                return Cli.OK;
            } catch (LedgerRefused refused) {
                if (refused.problems().isEmpty()) throw new CliException(Cli.UNUSABLE_INPUT, file + ": " + refused.getMessage());
                out.println(ImportReports.toJson(ImportReports.map(refused)));
                throw new CliException(Cli.REFUSED, file + ": " + refused.getMessage());
            }
        } catch (CliException e) {
            throw e;
        } catch (NotFound e) {
            throw new CliException(Cli.UNUSABLE_INPUT, "--plan " + planId + ": 任务书不存在");
        } catch (BusinessRuleViolation e) {
            throw new CliException(Cli.REFUSED, file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw CommandContext.translate(e);
        }
    }

    int indicatorValues(PrintStream out) {
        long planId = planId();
        LocalDate asOf = arguments.date("as-of");
        try (ConfigurableApplicationContext context = CommandContext.start(arguments, application)) {
            IndicatorValues values = context.getBean(IndicatorValues.class);
            List<Map<String, Object>> rows = values.asOf(Actor.cli(System.getProperty("user.name", "unknown")), planId, asOf);
            out.println(ImportReports.toJson(rows));
            return Cli.OK;
        } catch (CliException e) {
            throw e;
        } catch (NotFound e) {
            throw new CliException(Cli.UNUSABLE_INPUT, "--plan " + planId + ": 任务书不存在");
        } catch (RuntimeException e) {
            throw CommandContext.translate(e);
        }
    }

    private long planId() {
        return arguments.planId();
    }
}
