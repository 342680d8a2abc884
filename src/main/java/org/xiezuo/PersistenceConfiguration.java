package org.xiezuo;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.relational.core.mapping.NamingStrategy;

/** Application-wide infrastructure: table naming and the clock every “today” comes from. */
@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {

    @Bean
    NamingStrategy namingStrategy() {
        return new ModulePrefixNamingStrategy();
    }

    @Bean
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
