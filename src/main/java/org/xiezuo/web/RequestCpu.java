package org.xiezuo.web;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The web-load benchmark's meter, under the {@code bench} profile only: the CPU time each request's thread
 * spends from the first filter to the last byte (session, security, controller, template), summed per
 * method and path with numbers as {@code {id}}, read with {@code GET /bench/cpu} ({@link ReferenceEndpoint}).
 * Thread CPU time counts only while the thread runs, so other processes on a shared machine do not inflate
 * it the way they inflate latencies; GC, JIT and PostgreSQL are not in it.
 */
@Configuration(proxyBeanMethods = false)
@Profile("bench")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class RequestCpu {

    private static final Pattern NUMBER = Pattern.compile("/\\d+");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Map<String, AtomicLong[]> TOTALS = new ConcurrentHashMap<>();

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> requestCpuFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                long start = THREADS.getCurrentThreadCpuTime();
                try {
                    chain.doFilter(request, response);
                } finally {
                    String key = request.getMethod() + " " + NUMBER.matcher(request.getRequestURI()).replaceAll("/{id}");
                    AtomicLong[] total = TOTALS.computeIfAbsent(key, k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
                    total[0].incrementAndGet();
                    total[1].addAndGet(THREADS.getCurrentThreadCpuTime() - start);
                }
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** Every path so far: {@code METHOD PATH<TAB>requests<TAB>CPU nanoseconds}, one a line. */
    static String report() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(TOTALS).forEach((key, total) -> text.append(key).append('\t').append(total[0].get()).append('\t')
                .append(total[1].get()).append('\n'));
        return text.toString();
    }
}
