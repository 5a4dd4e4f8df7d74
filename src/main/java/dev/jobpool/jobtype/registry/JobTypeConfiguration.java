package dev.jobpool.jobtype.registry;

import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.builtin.HttpJobType;
import dev.jobpool.jobtype.builtin.SleepJobType;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The built-in job types and the registry that holds them with every other {@link JobType} bean. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpJobProperties.class)
class JobTypeConfiguration {

    @Bean
    SleepJobType sleepJobType() {
        return new SleepJobType();
    }

    @Bean
    HttpJobType httpJobType(HttpJobProperties properties) {
        return new HttpJobType(new HttpJobType.Settings(properties.allowPrivateNetworks(),
                (int) Math.min(Integer.MAX_VALUE - 1, properties.maxBodySize().toBytes()), properties.defaultTimeout(),
                properties.maxConnections()));
    }

    /** Every JobType bean, and the types worker JVMs find on their own (plain objects, created the same way there). */
    @Bean
    JobTypeRegistry jobTypeRegistry(List<JobType<?, ?>> types) {
        List<JobType<?, ?>> all = new ArrayList<>(types);
        all.addAll(WorkerJobTypes.discover(JobTypeConfiguration.class.getClassLoader()));
        return new JobTypeRegistry(all);
    }
}
