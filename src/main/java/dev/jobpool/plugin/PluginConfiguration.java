package dev.jobpool.plugin;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plugin jars, loaded once at start: the registry takes their types, the CPU pool their jars. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PluginsProperties.class)
class PluginConfiguration {

    @Bean
    Plugins plugins(PluginsProperties properties) {
        return Plugins.load(properties);
    }
}
