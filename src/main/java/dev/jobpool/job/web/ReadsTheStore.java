package dev.jobpool.job.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller whose every operation reads or writes the job store, and so can find it unreachable: the
 * OpenAPI spec declares a 503 for each of its operations.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ReadsTheStore {
}
