package dev.jobpool.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the API.
 *
 * @param enabled false turns authentication off: anyone who reaches the port may do anything (local experiments only)
 * @param adminKey an admin API key from configuration ({@code JOBPOOL_SECURITY_ADMIN_KEY}, e.g. fed by a Kubernetes
 *        Secret), {@code jp_} and at least 32 more characters; without it, the first start with no keys creates
 *        one and prints it once
 * @param adminTenant the tenant of the configured or first admin key
 * @param tenantClaim the JWT claim that names the caller's tenant
 * @param rateLimit how fast each tenant (or key) may submit
 * @param session the web dashboard's sign-in: an API key exchanged for a session cookie
 */
@Validated
@ConfigurationProperties("jobpool.security")
public record AccessProperties(
        @DefaultValue("true") boolean enabled,
        String adminKey,
        @DefaultValue("default") @NotBlank String adminTenant,
        @DefaultValue("tenant") @NotBlank String tenantClaim,
        @DefaultValue @Valid RateLimit rateLimit,
        @DefaultValue @Valid SessionSettings session) {

    /** Whose submissions share one bucket. */
    public enum Per {
        TENANT, KEY
    }

    /**
     * A token bucket per tenant (or key) for submissions, shared by every replica on PostgreSQL.
     *
     * @param submitsPerSecond the sustained rate; 0 turns the limit off
     * @param burst how many may come at once after a quiet spell; 0 means one second's worth
     */
    public record RateLimit(@DefaultValue("0") @PositiveOrZero double submitsPerSecond, @DefaultValue("0") @Min(0) int burst,
            @DefaultValue("tenant") Per per) {

        public boolean enabled() {
            return submitsPerSecond > 0;
        }

        public long capacity() {
            return burst > 0 ? burst : Math.max(1, (long) Math.ceil(submitsPerSecond));
        }
    }

    /**
     * Sessions of the web dashboard, which signs in with an API key once and then sends a cookie.
     *
     * @param ttl how long a session lasts from sign-in, however busy (an absolute lifetime, never extended); it
     *        ends sooner when its key is revoked or expires
     */
    public record SessionSettings(@DefaultValue("12h") @NotNull @DurationMin(seconds = 1) Duration ttl) {
    }
}
