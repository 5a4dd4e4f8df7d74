package dev.jobpool;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * The service. Boot's own DataSource is switched off: the job store builds its database connection itself
 * ({@code dev.jobpool.store}), and none at all when jobs are kept in memory. Boot's generated user is off too:
 * callers authenticate with API keys or JWTs ({@code dev.jobpool.security}).
 */
@SpringBootApplication(exclude = {DataSourceAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
public class JobpoolApplication {

    public static void main(String[] args) {
        SpringApplication.run(JobpoolApplication.class, args);
    }
}
