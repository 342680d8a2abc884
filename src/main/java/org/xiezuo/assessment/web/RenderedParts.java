package org.xiezuo.assessment.web;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.core.convert.ConversionService;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.RequestContext;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.springframework.web.servlet.view.AbstractTemplateView;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContext;
import org.thymeleaf.spring6.naming.SpringContextVariableNames;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;
import org.xiezuo.shared.Actor;

/**
 * The main parts of assessment pages, rendered once and kept per instance, keyed by everything they are
 * made of: plan, business date, "as known on" date, today, the plan's audit stamp, the newest change to
 * units, and the viewer's roles, units and districts. The stamps are read from the database on every
 * request, so any audited change anywhere (another instance included) makes the next request render
 * afresh; nothing here is needed by another instance, and a restart only empties it (PERFORMANCE.md W4:
 * "cache fragments"). The part holds no form token: the only POST form, sign-out, is in the layout.
 */
@Component
class RenderedParts {

    /** What one rendered part is made of. */
    record Key(String template, long planId, LocalDate asOf, @Nullable LocalDate knownOn, LocalDate today, long planStamp,
               long unitStamp, String viewer) {

        static String viewer(Actor actor) {
            return actor.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(",")) + "|"
                    + actor.unitIds().stream().sorted().map(String::valueOf).collect(Collectors.joining(",")) + "|"
                    + actor.districtIds().stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
        }
    }

    /** Markup rendered from a template with Thymeleaf's escaping; only {@link #render} makes one. */
    static final class Part {
        private final String html;

        private Part(String html) {
            this.html = html;
        }

        String html() {
            return html;
        }
    }

    /** At most this many parts (the overview is about 45 KB: some 9 MB at most). */
    static final int ENTRIES = 200;

    private final Map<Key, Part> parts = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Part> eldest) {
            return size() > ENTRIES;
        }
    };

    private final SpringTemplateEngine engine;
    private final ApplicationContext context;

    RenderedParts(SpringTemplateEngine engine, ApplicationContext context) {
        this.engine = engine;
        this.context = context;
    }

    @Nullable Part get(Key key) {
        synchronized (parts) {
            return parts.get(key);
        }
    }

    /** How many parts are kept now. */
    int size() {
        synchronized (parts) {
            return parts.size();
        }
    }

    /** Renders the template with the model as the page's view would, and keeps it under the key. */
    Part render(Key key, Map<String, Object> model, HttpServletRequest request, HttpServletResponse response) {
        Map<String, Object> variables = new LinkedHashMap<>(model);
        RequestContext requestContext = new RequestContext(request, response, request.getServletContext(), variables);
        variables.put(SpringContextVariableNames.SPRING_REQUEST_CONTEXT, requestContext);
        variables.put(AbstractTemplateView.SPRING_MACRO_REQUEST_CONTEXT_ATTRIBUTE, requestContext);
        ConversionService conversions = (ConversionService) request.getAttribute(ConversionService.class.getName());
        variables.put(ThymeleafEvaluationContext.THYMELEAF_EVALUATION_CONTEXT_CONTEXT_VARIABLE_NAME,
                new ThymeleafEvaluationContext(context, conversions));
        WebContext web = new WebContext(JakartaServletWebApplication.buildApplication(request.getServletContext())
                .buildExchange(request, response), RequestContextUtils.getLocale(request), variables);
        Part part = new Part(engine.process(key.template(), web));
        synchronized (parts) {
            parts.put(key, part);
        }
        return part;
    }
}
