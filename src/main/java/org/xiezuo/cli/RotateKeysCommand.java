package org.xiezuo.cli;

import java.io.PrintStream;

import org.springframework.context.ConfigurableApplicationContext;
import org.xiezuo.ledger.ImportReports;
import org.xiezuo.ledger.PersonalDataKeyRotation;
import org.xiezuo.shared.Actor;

/**
 * {@code rotate-keys}: re-encrypts the stored ID and phone numbers under the active personal-data key
 * and prints {@code {"activeKey","rows","values","remaining","finished"}}; safe to run again after an
 * interruption (docs/personal-data.md).
 */
final class RotateKeysCommand {

    private final CliArguments arguments;
    private final Class<?> application;

    RotateKeysCommand(CliArguments arguments, Class<?> application) {
        this.arguments = arguments;
        this.application = application;
    }

    int run(PrintStream out) {
        try (ConfigurableApplicationContext context = CommandContext.start(arguments, application)) {
            out.println(ImportReports.toJson(context.getBean(PersonalDataKeyRotation.class)
                    .rotate(Actor.cli(System.getProperty("user.name", "unknown")))));
            return Cli.OK;
        } catch (CliException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CommandContext.translate(e);
        }
    }
}
