package dev.jobpool.job;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobsProperties.class)
class JobConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The embedded store; a durable one replaces it by declaring its own {@link JobStore} bean. */
    @Bean
    @ConditionalOnMissingBean
    JobStore jobStore(JobsProperties properties) {
        return new InMemoryJobStore(properties.maxRetained(), properties.maxRetainedSize().toBytes());
    }
}
