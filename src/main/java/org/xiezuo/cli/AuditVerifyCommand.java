package org.xiezuo.cli;

import java.io.PrintStream;

import org.springframework.context.ConfigurableApplicationContext;
import org.xiezuo.audit.AuditIntegrity;
import org.xiezuo.audit.ChainVerdict;

/**
 * {@code audit-verify}: recomputes the audit trail's hash chain from the last checkpoint in the
 * configured database. Intact: prints {@code 审计日志完整：共 N 条记录} and exits 0. Broken: names the first
 * broken row on stderr ({@code 审计日志在第 K 条记录（id=…，时间 …）处被篡改：…}) and exits 3. Reads only.
 */
final class AuditVerifyCommand {

    private final CliArguments arguments;
    private final Class<?> application;

    AuditVerifyCommand(CliArguments arguments, Class<?> application) {
        this.arguments = arguments;
        this.application = application;
    }

    int run(PrintStream out) {
        try (ConfigurableApplicationContext context = CommandContext.start(arguments, application)) {
            ChainVerdict verdict = context.getBean(AuditIntegrity.class).verify();
            if (!verdict.intact()) throw new CliException(Cli.REFUSED, verdict.message());
            out.println(verdict.message());
            return Cli.OK;
        } catch (CliException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CommandContext.translate(e);
        }
    }
}
