package dev.jobpool.cpupool;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CpuPoolProperties.class)
class CpuPoolConfiguration {
}
