package dev.jobpool.plugin;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Job types from plugin jars.
 *
 * @param dir the folder whose {@code *.jar} files are loaded at start; a missing folder means no plugins
 * @param onError what a jar that fails to load does to the start: {@code fail} refuses to start, {@code skip}
 *        starts without that jar and logs why
 */
@Validated
@ConfigurationProperties("jobpool.plugins")
public record PluginsProperties(
        @DefaultValue("plugins") @NotNull Path dir,
        @DefaultValue("fail") @NotNull OnError onError) {

    public enum OnError {
        FAIL,
        SKIP
    }
}
