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

    /**
     * Every JobType bean, the types worker JVMs find on their own classpath (created the same way there), and
     * the types of every {@link JobTypeSources} bean: the plugin jars (which the workers get on their classpath too).
     */
    @Bean
    JobTypeRegistry jobTypeRegistry(List<JobType<?, ?>> types, List<JobTypeSources> more) {
        List<JobTypeSource> all = new ArrayList<>();
        types.forEach(type -> all.add(JobTypeSource.builtIn(type)));
        WorkerJobTypes.discover(JobTypeConfiguration.class.getClassLoader()).forEach(type -> all.add(JobTypeSource.builtIn(type)));
        more.forEach(sources -> all.addAll(sources.types()));
        return new JobTypeRegistry(all);
    }
}
