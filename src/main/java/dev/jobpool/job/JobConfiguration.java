package dev.jobpool.job;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The job store itself is chosen in {@code dev.jobpool.store.StoreConfiguration}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({JobsProperties.class, TenantsProperties.class})
class JobConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
