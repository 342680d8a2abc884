package org.xiezuo.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * The outermost answer to a database outage (SECURITY.md T71). {@link ErrorHandling} answers failures
 * inside a controller; but before and after the controller every request reads and writes its session in
 * the database (Spring Session JDBC), and the sign-in filters read the account — during an outage those
 * fail first, outside any controller, and would end as a bare server error. This filter sits in front of
 * the session filter and turns a database failure that escapes the chain into the same 503
 * "系统繁忙，请稍后重试" (a plain page, or a problem detail under {@code /api/}), with nothing read from the
 * database to render it. Other exceptions pass on unchanged.
 */
@Component
class DatabaseOutageFilter extends OncePerRequestFilter implements Ordered {

    /** Before Spring Session's filter ({@code Integer.MIN_VALUE + 50}), after the character encoding filter. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException | IOException e) {
            if (!DatabaseTrouble.transientFailure(e)) throw e;
            String id = UUID.randomUUID().toString().substring(0, 8);
            log.warn("Database unavailable or busy [correlation {}] outside the controller on {} {}: {}", id, request.getMethod(),
                    request.getRequestURI(), DatabaseTrouble.describe(e));
            if (response.isCommitted()) return;
            response.resetBuffer();
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", DatabaseTrouble.RETRY_AFTER_SECONDS);
            response.setHeader("Cache-Control", "no-store");
            boolean api = request.getRequestURI().startsWith(request.getContextPath() + "/api/");
            if (api) {
                response.setContentType("application/problem+json;charset=UTF-8");
                response.getOutputStream().write(("{\"type\":\"about:blank\",\"title\":\"操作未完成\",\"status\":503,\"detail\":\""
                        + DatabaseTrouble.MESSAGE + "\",\"code\":\"database-busy\"}").getBytes(StandardCharsets.UTF_8));
            } else {
                response.setContentType("text/html;charset=UTF-8");
                response.getOutputStream().write(page(request).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static String page(HttpServletRequest request) {
        String css = HtmlUtils.htmlEscape(request.getContextPath() + "/css/app.css");
        return "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>系统繁忙 · 协作</title>"
                + "<link rel=\"stylesheet\" href=\"" + css + "\"></head><body><main class=\"container py-5\">"
                + "<h1 class=\"h4\">操作未完成</h1><p>" + DatabaseTrouble.MESSAGE + "。</p>"
                + "<p>您刚才提交的内容可能没有保存，请稍后刷新页面核对后再试。</p></main></body></html>";
    }
}
