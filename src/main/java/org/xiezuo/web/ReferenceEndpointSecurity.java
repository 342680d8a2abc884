package org.xiezuo.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The filter chain of the benchmark's reference endpoint, under the {@code bench} profile only: GET
 * {@code /bench/r4} and {@code /bench/cpu} for anyone, stateless (no session looked up or created),
 * everything else under {@code /bench/} denied. It comes before the application's chains, so the endpoint
 * table of the security module never sees these paths; without the profile neither this chain nor the
 * endpoint exists, and {@code /bench/**} goes through the application's chains like any unknown path.
 */
@Configuration(proxyBeanMethods = false)
@Profile("bench")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ReferenceEndpointSecurity {

    @Bean
    @Order(-1)
    SecurityFilterChain benchReferenceChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/bench/**")
                .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET, "/bench/r4", "/bench/cpu").permitAll()
                        .anyRequest().denyAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.requireExplicitSave(true));
        return http.build();
    }
}
