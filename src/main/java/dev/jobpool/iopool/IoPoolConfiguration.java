package dev.jobpool.iopool;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IoPoolProperties.class)
class IoPoolConfiguration {
}
