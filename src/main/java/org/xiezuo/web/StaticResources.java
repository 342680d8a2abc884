package org.xiezuo.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The application's own stylesheets and scripts and the WebJars, each under its own path, instead of
 * Boot's catch-all {@code /**} ({@code spring.web.resources.add-mappings=false}). With the catch-all,
 * every link a page builds ({@code @{/plans/1/assessment/indicators/17}} …) was tried as a static file in
 * four classpath locations by the resource URL encoding that the WebJars locator switches on: a class-path
 * miss per link, never cached, half of the dashboard's request CPU (docs/benchmarks.md, W4). With these
 * three patterns a page link matches none and costs a pattern comparison.
 */
@Configuration(proxyBeanMethods = false)
class StaticResources implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/css/**").addResourceLocations("classpath:/static/css/").resourceChain(true);
        registry.addResourceHandler("/js/**").addResourceLocations("classpath:/static/js/").resourceChain(true);
        // version-free WebJar paths (/webjars/echarts/dist/echarts.min.js) resolved by webjars-locator-lite
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/")
                .resourceChain(true);
    }
}
