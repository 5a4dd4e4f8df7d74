package dev.jobpool.security;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the token buckets of rate limits live: in this process, or in PostgreSQL so that every replica draws
 * from the same bucket (the store provides that one).
 */
public interface RateLimitBuckets {

    Bucket bucket(String key, BucketConfiguration configuration);

    /** Buckets in this process's memory: one replica, or a limit per replica. */
    static RateLimitBuckets local() {
        Map<String, Bucket> buckets = new ConcurrentHashMap<>();
        return (key, configuration) -> buckets.computeIfAbsent(key,
                ignored -> Bucket.builder().addLimit(configuration.getBandwidths()[0]).build());
    }
}
