package dev.jobpool.job;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The job store itself is chosen in {@code dev.jobpool.store.StoreConfiguration}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({JobsProperties.class, TenantsProperties.class})
class JobConfiguration {

    /**
     * Microseconds, the precision the database stores: a job shows the same times whether it is answered from
     * memory (a long-poll woken by its end) or read back from the store.
     */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
