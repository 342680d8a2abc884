package org.xiezuo.cli;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.xiezuo.assessment.AssessmentJson;
import org.xiezuo.assessment.Assessor;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;

/**
 * {@code assess --plan ID [--as-of YYYY-MM-DD] [--known-on YYYY-MM-DD]}: the plan's assessment as JSON
 * ({@code {"asOf","timeProgress","score","grade","indicators":[…],"units":[…]}}).
 */
final class AssessCommand {

    private final CliArguments arguments;
    private final Class<?> application;

    AssessCommand(CliArguments arguments, Class<?> application) {
        this.arguments = arguments;
        this.application = application;
    }

    int run(PrintStream out) {
        String planText = arguments.option("plan").orElseThrow(() -> new CliException(Cli.UNUSABLE_INPUT, "缺少 --plan（任务书编号）"));
        long planId;
        try {
            planId = Long.parseLong(planText.trim());
        } catch (NumberFormatException e) {
            throw new CliException(Cli.UNUSABLE_INPUT, "--plan " + planText + " 不是任务书编号");
        }
        LocalDate asOf = date("as-of");
        LocalDate knownOn = date("known-on");
        try (ConfigurableApplicationContext context = CommandContext.start(arguments, application)) {
            Assessor assessor = context.getBean(Assessor.class);
            out.println(AssessmentJson.write(assessor.assess(Actor.cli(System.getProperty("user.name", "unknown")), planId,
                    asOf, knownOn)));
            return Cli.OK;
        } catch (CliException e) {
            throw e;
        } catch (NotFound e) {
            throw new CliException(Cli.UNUSABLE_INPUT, "--plan " + planId + ": 任务书不存在");
        } catch (BusinessRuleViolation e) {
            throw new CliException(Cli.UNUSABLE_INPUT, e.getMessage());
        } catch (RuntimeException e) {
            throw CommandContext.translate(e);
        }
    }

    private @Nullable LocalDate date(String option) {
        return arguments.option(option).map(text -> {
            try {
                return LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new CliException(Cli.UNUSABLE_INPUT, "--" + option + " " + text + " 不是日期（YYYY-MM-DD）");
            }
        }).orElse(null);
    }
}
