package org.xiezuo.assessment.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/** {@code xz:part} writes only parts rendered by a template; a string, even harmless, is refused. */
class RenderedPartDialectTests {

    private static SpringTemplateEngine engine() {
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(new StringTemplateResolver());
        engine.addDialect(new RenderedPartDialect());
        return engine;
    }

    @Test
    void aStringIsRefusedNotWrittenUnescaped() {
        Context context = new Context();
        context.setVariable("part", "<img src=x onerror=alert(1)>");
        assertThatThrownBy(() -> engine().process("<main><div xz:part=\"${part}\"></div></main>", context))
                .isInstanceOf(TemplateProcessingException.class)
                .rootCause().hasMessageContaining("xz:part takes a rendered part only");
    }

    @Test
    void withoutAPartTheTemplateStillEscapesAsUsual() {
        Context context = new Context();
        context.setVariable("name", "<b>单位</b>");
        assertThat(engine().process("<p th:text=\"${name}\"></p>", context)).isEqualTo("<p>&lt;b&gt;单位&lt;/b&gt;</p>");
    }
}
