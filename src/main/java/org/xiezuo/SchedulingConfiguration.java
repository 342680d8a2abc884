package org.xiezuo;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;

/**
 * Scheduled jobs, each run by one instance at a time: every {@code @Scheduled} method also carries
 * {@code @SchedulerLock} and calls {@code LockAssert.assertLocked()} (SECURITY.md, Jobs). Locks live in the
 * {@code shedlock} table and are timed by the database's clock, so instances whose clocks differ agree.
 * Command-line runs ({@code xiezuo.cli=true}) schedule nothing.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = "PT30M")
@ConditionalOnProperty(name = "xiezuo.cli", havingValue = "false", matchIfMissing = true)
class SchedulingConfiguration {

    /**
     * {@code xiezuo.instance-name}, when set, is the {@code locked_by} of the locks this instance takes
     * (ShedLock's default is the host name, the same for two instances on one host).
     */
    @Bean
    LockProvider lockProvider(DataSource dataSource, Environment environment) {
        JdbcTemplateLockProvider.Configuration.Builder builder = JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime();
        String instance = environment.getProperty("xiezuo.instance-name", "");
        if (!instance.isBlank()) builder.withLockedByValue(instance);
        return new JdbcTemplateLockProvider(builder.build());
    }
}
