package org.xiezuo.importer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ImporterConfiguration {

    @Bean
    TaskBookParser taskBookParser(ImporterSettings settings) {
        return new TaskBookParser(settings);
    }
}
