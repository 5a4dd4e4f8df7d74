package dev.jobpool.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Limits how fast each tenant (or key) submits jobs: a token bucket of {@code burst} submissions refilled at
 * {@code submits-per-second}, drawn by every replica alike on PostgreSQL. Each answer to a submission carries
 * the IETF draft's {@code RateLimit-Policy} and {@code RateLimit} headers; a submission over the limit gets 429
 * with {@code Retry-After}, before its body is read.
 */
class SubmitRateLimiter implements HandlerInterceptor {

    static final String POLICY_NAME = "submits";

    private final AccessProperties.RateLimit limit;
    private final RateLimitBuckets buckets;
    private final BucketConfiguration configuration;
    private final String policy;

    SubmitRateLimiter(AccessProperties properties, RateLimitBuckets buckets) {
        this.limit = properties.rateLimit();
        this.buckets = buckets;
        double perMinute = Math.max(1, Math.round(limit.submitsPerSecond() * 60));
        this.configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity()).refillGreedy((long) perMinute, Duration.ofMinutes(1)).build())
                .build();
        long window = Math.max(1, (long) Math.ceil(limit.capacity() / Math.max(limit.submitsPerSecond(), 1e-9)));
        this.policy = "\"" + POLICY_NAME + "\";q=" + limit.capacity() + ";w=" + window;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        Caller caller = SecurityConfiguration.current();
        String key = limit.per() == AccessProperties.Per.KEY ? "key:" + caller.principal() : "tenant:" + caller.tenant();
        ConsumptionProbe probe = buckets.bucket(key, configuration).tryConsumeAndReturnRemaining(1);
        response.setHeader("RateLimit-Policy", policy);
        if (probe.isConsumed()) {
            response.setHeader("RateLimit", "\"" + POLICY_NAME + "\";r=" + probe.getRemainingTokens() + ";t="
                    + seconds(probe.getNanosToWaitForReset()));
            return true;
        }
        long retryAfter = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        response.setHeader("RateLimit", "\"" + POLICY_NAME + "\";r=0;t=" + retryAfter);
        throw new RateLimitedException(caller.tenant(), limit, Duration.ofSeconds(retryAfter));
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
