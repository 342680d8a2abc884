package org.xiezuo.assessment.web;

import java.util.Set;

import org.springframework.stereotype.Component;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.dialect.AbstractProcessorDialect;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.processor.element.AbstractAttributeTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.standard.expression.StandardExpressions;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * {@code xz:part="${…}"}: puts a part that {@link RenderedParts} rendered — with Thymeleaf's escaping —
 * into the page as it is. It accepts only a {@link RenderedParts.Part}, which nothing but a template
 * rendering creates; any other value (a string from a model, user data) is refused, so this is not a
 * way to write unescaped text (SECURITY.md T41; {@code StaticSafetyTests} allows the attribute nowhere
 * else than the pages listed there).
 */
@Component
class RenderedPartDialect extends AbstractProcessorDialect {

    RenderedPartDialect() {
        super("协作 rendered parts", "xz", 1000);
    }

    @Override
    public Set<IProcessor> getProcessors(String prefix) {
        return Set.of(new PartProcessor(prefix));
    }

    private static final class PartProcessor extends AbstractAttributeTagProcessor {

        PartProcessor(String prefix) {
            super(TemplateMode.HTML, prefix, null, false, "part", true, 1000, true);
        }

        @Override
        protected void doProcess(ITemplateContext context, IProcessableElementTag tag, AttributeName attributeName,
                                 String attributeValue, IElementTagStructureHandler structureHandler) {
            Object value = StandardExpressions.getExpressionParser(context.getConfiguration())
                    .parseExpression(context, attributeValue).execute(context);
            if (!(value instanceof RenderedParts.Part part)) {
                throw new TemplateProcessingException("xz:part takes a rendered part only, not "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
            }
            structureHandler.replaceWith(part.html(), false);
        }
    }
}
