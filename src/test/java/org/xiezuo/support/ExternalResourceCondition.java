package org.xiezuo.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The one condition for every test that needs PostgreSQL or Chromium: enabled when the resource is
 * there; skipped with a visible reason when it is not; and when {@code CI=true}, a missing resource
 * fails the test instead of skipping it.
 */
public final class ExternalResourceCondition implements ExecutionCondition {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SOFFICE = Path.of("/usr/bin/soffice");
    public static final Path PDFTOPPM = Path.of("/usr/bin/pdftoppm");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<ExternalResource> annotation = context.getElement()
                .flatMap(e -> AnnotationSupport.findAnnotation(e, ExternalResource.class));
        if (annotation.isEmpty()) return ConditionEvaluationResult.enabled("no external resource needed");
        ExternalResource.Kind kind = annotation.get().value();
        String missing = missing(kind);
        if (missing == null) return ConditionEvaluationResult.enabled(kind + " available");
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + kind + " is not available: " + missing
                    + " (.ci/run installs and starts it)");
        }
        String reason = "SKIPPED: " + kind + " not available (" + missing + "); run .ci/run or set it up to include this test";
        System.err.println(reason + " — " + context.getDisplayName());
        return ConditionEvaluationResult.disabled(reason);
    }

    private static String missing(ExternalResource.Kind kind) {
        return switch (kind) {
            case POSTGRESQL -> {
                String url = System.getenv("XIEZUO_PG_URL");
                yield url == null || url.isBlank() ? "XIEZUO_PG_URL is not set" : null;
            }
            case CHROMIUM -> !Files.isExecutable(CHROMIUM) ? CHROMIUM + " is missing"
                    : !Files.isExecutable(CHROMEDRIVER) ? CHROMEDRIVER + " is missing" : null;
            case POSTGRESQL_TOOLS -> {
                String database = missing(ExternalResource.Kind.POSTGRESQL);
                yield database != null ? database : PgTools.missing();
            }
            case LIBREOFFICE -> !Files.isExecutable(SOFFICE) ? SOFFICE + " is missing (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)"
                    : !Files.isExecutable(PDFTOPPM) ? PDFTOPPM + " is missing (apt-get install poppler-utils)" : null;
        };
    }
}
