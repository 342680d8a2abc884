package org.xiezuo.cli;

import java.io.PrintStream;
import java.time.LocalDate;

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
        long planId = arguments.planId();
        LocalDate asOf = arguments.date("as-of");
        LocalDate knownOn = arguments.date("known-on");
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

}
